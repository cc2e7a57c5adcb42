#pragma once
// JavaScript's Math functions where the C library's differ in the last bit. lunr's weights are
// rounded to three decimals, so one bit of difference can change a serialized weight.
namespace hs::search {

// Math.log as V8 computes it (fdlibm's algorithm); glibc's log differs on about one in ten
// arguments lunr's idf produces.
double js_log(double x);
// Math.round: the nearest integer, halves toward +∞, -0 kept.
double js_round(double x);

}  // namespace hs::search
