#include "search/js_math.hpp"

#include <bit>
#include <cmath>
#include <cstdint>

namespace hs::search {
namespace {

int32_t high_word(double x) {
    return int32_t(std::bit_cast<uint64_t>(x) >> 32);
}
uint32_t low_word(double x) {
    return uint32_t(std::bit_cast<uint64_t>(x));
}
double with_high_word(double x, int32_t hi) {
    return std::bit_cast<double>((uint64_t(uint32_t(hi)) << 32) | low_word(x));
}

}  // namespace

// The algorithm of fdlibm's e_log.c (Sun Microsystems, 1993, freely distributable), which V8's
// base::ieee754::log implements: log(1+f) = f - s*(f - R) with s = f/(2+f) and R a minimax
// polynomial in s², after reducing x to 2^k·(1+f) with √2/2 < 1+f < √2.
double js_log(double x) {
    constexpr double ln2_hi = 6.93147180369123816490e-01;  // 3fe62e42 fee00000
    constexpr double ln2_lo = 1.90821492927058770002e-10;  // 3dea39ef 35793c76
    constexpr double two54 = 1.80143985094819840000e+16;   // 43500000 00000000
    constexpr double Lg1 = 6.666666666666735130e-01;       // 3FE55555 55555593
    constexpr double Lg2 = 3.999999999940941908e-01;       // 3FD99999 9997FA04
    constexpr double Lg3 = 2.857142874366239149e-01;       // 3FD24924 94229359
    constexpr double Lg4 = 2.222219843214978396e-01;       // 3FCC71C5 1D8E78AF
    constexpr double Lg5 = 1.818357216161805012e-01;       // 3FC74664 96CB03DE
    constexpr double Lg6 = 1.531383769920937332e-01;       // 3FC39A09 D078C69F
    constexpr double Lg7 = 1.479819860511658591e-01;       // 3FC2F112 DF3E5244

    if (!(x > 0) || std::isinf(x)) return std::log(x);  // NaN, ±0, negatives, +∞: exact anyway
    int32_t hx = high_word(x);
    int32_t k = 0;
    if (hx < 0x00100000) {  // subnormal: scale up
        k -= 54;
        x *= two54;
        hx = high_word(x);
    }
    k += (hx >> 20) - 1023;
    hx &= 0x000FFFFF;
    int32_t i = (hx + 0x95F64) & 0x100000;
    x = with_high_word(x, hx | (i ^ 0x3FF00000));  // normalize x or x/2
    k += i >> 20;
    double f = x - 1.0;
    double dk = double(k);
    if ((0x000FFFFF & (2 + hx)) < 3) {  // -2^-20 <= f < 2^-20
        if (f == 0.0) return k == 0 ? 0.0 : dk * ln2_hi + dk * ln2_lo;
        double R = f * f * (0.5 - 0.33333333333333333 * f);
        return k == 0 ? f - R : dk * ln2_hi - ((R - dk * ln2_lo) - f);
    }
    double s = f / (2.0 + f);
    double z = s * s;
    i = hx - 0x6147A;
    double w = z * z;
    int32_t j = 0x6B851 - hx;
    double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
    double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
    i |= j;
    double R = t2 + t1;
    if (i > 0) {
        double hfsq = 0.5 * f * f;
        if (k == 0) return f - (hfsq - s * (hfsq + R));
        return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
    }
    if (k == 0) return f - s * (f - R);
    return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

double js_round(double x) {
    if (!std::isfinite(x)) return x;
    double r = std::ceil(x);
    return r - 0.5 > x ? r - 1.0 : r;  // as V8 does: exact, and ceil keeps -0
}

}  // namespace hs::search
