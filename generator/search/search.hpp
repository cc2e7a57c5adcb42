#pragma once
// A lunr.js 2.3.9 search index built in C++: for the same documents and fields, the JSON that
// JSON.stringify(idx) gives for lunr's own builder, byte for byte (LUNR.md).
//
//   hs::search::IndexBuilder builder({.fields = {{"title", 10}, {"body"}}});
//   builder.add({.ref = "PM-1", .fields = {{"title", "Disk full"}, {"body", text}}});
//   hs::search::write_json(out, builder.build());
#include "search/index.hpp"
#include "search/index_builder.hpp"
#include "search/serialize.hpp"
