// Placeholder so the hs_search library has a source until the index builder lands; delete it then.
namespace hs::search {}
