// IEEE binary16 and bfloat16 <-> binary32, done on the bit patterns so the
// result does not depend on compiler support for _Float16 or on the FPU's
// rounding mode.

#include "hearth/tensor_types.h"

#include <bit>
#include <cstdint>

namespace hearth {

float halfToFloat(uint16_t h)
{
    const uint32_t sign = uint32_t(h & 0x8000) << 16;
    const uint32_t exponent = (h >> 10) & 0x1F;
    const uint32_t mantissa = h & 0x3FF;
    if (exponent == 0) {
        // Zero or subnormal: mantissa * 2^-24 is exact in binary32.
        const float magnitude = float(mantissa) * 0x1p-24f;
        return sign ? -magnitude : magnitude;
    }
    if (exponent == 31) // infinity or NaN (payload kept)
        return std::bit_cast<float>(sign | 0x7F800000u | (mantissa << 13));
    // Re-bias the exponent from 15 to 127.
    return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

uint16_t floatToHalf(float f)
{
    const uint32_t x = std::bit_cast<uint32_t>(f);
    const uint16_t sign = uint16_t((x >> 16) & 0x8000);
    const uint32_t exponent = (x >> 23) & 0xFF; // biased by 127
    const uint32_t mantissa = x & 0x7FFFFF;

    if (exponent == 0xFF) // infinity, or NaN forced quiet so it stays a NaN
        return uint16_t(sign | 0x7C00 | (mantissa ? 0x200 | (mantissa >> 13) : 0));
    if (exponent > 142) // >= 2^16: beyond the largest half even before rounding
        return uint16_t(sign | 0x7C00);
    if (exponent < 102) // < 2^-25: rounds to zero
        return sign;

    uint32_t q;
    uint32_t shift;
    uint32_t full;
    if (exponent < 113) {
        // Result is subnormal: express the value in units of 2^-24.
        full = mantissa | 0x800000;
        shift = 126 - exponent;
        q = full >> shift;
    } else {
        full = mantissa;
        shift = 13;
        q = ((exponent - 112) << 10) | (mantissa >> 13);
    }
    // Round to nearest, ties to even. A carry out of the mantissa correctly
    // bumps the exponent (and reaches infinity at the top).
    const uint32_t rest = full & ((1u << shift) - 1);
    const uint32_t half = 1u << (shift - 1);
    if (rest > half || (rest == half && (q & 1)))
        ++q;
    return uint16_t(sign | q);
}

float bf16ToFloat(uint16_t h)
{
    return std::bit_cast<float>(uint32_t(h) << 16);
}

uint16_t floatToBf16(float f)
{
    const uint32_t x = std::bit_cast<uint32_t>(f);
    if ((x & 0x7FFFFFFF) > 0x7F800000) // NaN: truncating could make it infinity
        return uint16_t((x >> 16) | 0x40);
    // Round to nearest even on the 16 dropped bits.
    return uint16_t((x + 0x7FFF + ((x >> 16) & 1)) >> 16);
}

} // namespace hearth
