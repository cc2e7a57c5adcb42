#pragma once
// lunr.stemmer: lunr's own regex-based Porter stemmer (Martin Porter's JavaScript version), not
// Snowball. Words shorter than three UTF-16 code units are returned as they are.
#include <string>
#include <string_view>

namespace hs::search {

std::string stem(std::string_view word);   // UTF-8 in and out
std::u16string stem(std::u16string word);  // UTF-16, as lunr's regular expressions see it

}  // namespace hs::search
