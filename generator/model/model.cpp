// The model is plain data; this file keeps it a library of its own so the layering is enforced
// by the linker.
#include "model/model.hpp"
