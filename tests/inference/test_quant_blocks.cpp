// Known-answer dequantisation tests: one hand-built block per layout, with
// the expected values worked out by hand from the block layouts in the
// reference notes (§5.2) and written next to each byte that produces them,
// never computed by the code under test.

#include "hearth/tensor_types.h"

#include <QtTest>

#include <cstring>
#include <limits>
#include <vector>

using namespace hearth;

namespace {

using Block = std::vector<uint8_t>;

void putHalf(Block& b, size_t at, uint16_t bits)
{
    b[at] = uint8_t(bits);
    b[at + 1] = uint8_t(bits >> 8);
}

std::vector<float> decode(GgmlType type, const Block& block)
{
    const TypeTraits* t = typeTraits(type);
    const size_t blocks = block.size() / t->bytesPerBlock;
    std::vector<float> out(blocks * t->blockSize, std::numeric_limits<float>::quiet_NaN());
    dequantize(type, block.data(), out.data(), out.size());
    return out;
}

} // namespace

class TestQuantBlocks : public QObject {
    Q_OBJECT

private slots:
    void dequantizesFloatTypes()
    {
        QCOMPARE(decode(GgmlType::F16, {0x00, 0x3C, 0x00, 0xC0}), std::vector<float>({1.0f, -2.0f}));
        QCOMPARE(decode(GgmlType::BF16, {0x80, 0x3F, 0x49, 0x40}), std::vector<float>({1.0f, 3.140625f}));
        QCOMPARE(decode(GgmlType::F32, {0x00, 0x00, 0x80, 0xBF}), std::vector<float>({-1.0f}));
    }

    void dequantizesQ4_0()
    {
        // {f16 d; qs[16]}: y[j] = (lo(qs[j]) - 8) d, y[j+16] = (hi(qs[j]) - 8) d.
        Block b(18, 0x88);
        putHalf(b, 0, 0x3800); // d = 0.5
        b[2 + 0] = 0x9A;       // y[0] = (10-8)*0.5 = 1, y[16] = (9-8)*0.5 = 0.5
        b[2 + 15] = 0xF0;      // y[15] = (0-8)*0.5 = -4, y[31] = (15-8)*0.5 = 3.5
        const auto y = decode(GgmlType::Q4_0, b);
        QCOMPARE(y[0], 1.0f);
        QCOMPARE(y[16], 0.5f);
        QCOMPARE(y[15], -4.0f);
        QCOMPARE(y[31], 3.5f);
        QCOMPARE(y[1], 0.0f);
    }

    void dequantizesQ4_1()
    {
        // {d; m; qs[16]}: y = q d + m.
        Block b(20, 0x00);
        putHalf(b, 0, 0x3400); // d = 0.25
        putHalf(b, 2, 0xBC00); // m = -1
        b[4 + 0] = 0x3C;       // y[0] = 12*0.25-1 = 2, y[16] = 3*0.25-1 = -0.25
        const auto y = decode(GgmlType::Q4_1, b);
        QCOMPARE(y[0], 2.0f);
        QCOMPARE(y[16], -0.25f);
        QCOMPARE(y[5], -1.0f);
    }

    void dequantizesQ5_0()
    {
        // {d; qh (u32 LE, bit j = fifth bit of weight j); qs[16]}: y = (q - 16) d.
        Block b(22, 0x00);
        putHalf(b, 0, 0x3C00); // d = 1
        b[2] = 0x01;           // qh bit 0
        b[4] = 0x01;           // qh bit 16
        b[5] = 0x80;           // qh bit 31
        b[6 + 0] = 0x21;       // y[0] = (1|16)-16 = 1, y[16] = (2|16)-16 = 2
        b[6 + 15] = 0x70;      // y[15] = 0-16 = -16, y[31] = (7|16)-16 = 7
        const auto y = decode(GgmlType::Q5_0, b);
        QCOMPARE(y[0], 1.0f);
        QCOMPARE(y[16], 2.0f);
        QCOMPARE(y[15], -16.0f);
        QCOMPARE(y[31], 7.0f);
        QCOMPARE(y[1], -16.0f);
    }

    void dequantizesQ5_1()
    {
        // {d; m; qh; qs[16]}: y = q d + m.
        Block b(24, 0x00);
        putHalf(b, 0, 0x3800); // d = 0.5
        putHalf(b, 2, 0x3C00); // m = 1
        b[4] = 0x20;           // qh bit 5
        b[8 + 5] = 0x0F;       // y[5] = (15|16)*0.5+1 = 16.5; y[21] = 0*0.5+1 = 1
        const auto y = decode(GgmlType::Q5_1, b);
        QCOMPARE(y[5], 16.5f);
        QCOMPARE(y[21], 1.0f);
    }

    void dequantizesQ8_0AndQ8_1()
    {
        Block b(34, 0x00);
        putHalf(b, 0, 0x3000); // d = 0.125
        b[2 + 0] = 0x80;       // -128 -> -16
        b[2 + 7] = 5;          // 0.625
        b[2 + 31] = 0x7F;      // 127 -> 15.875
        auto y = decode(GgmlType::Q8_0, b);
        QCOMPARE(y[0], -16.0f);
        QCOMPARE(y[7], 0.625f);
        QCOMPARE(y[31], 15.875f);
        // Q8_1 {d; s; qs[32]}: s is only a cached sum, y = q d.
        Block c(36, 0x00);
        putHalf(c, 0, 0x4000); // d = 2
        putHalf(c, 2, 0x7BFF); // s, ignored
        c[4 + 3] = 0xFD;       // -3 -> -6
        y = decode(GgmlType::Q8_1, c);
        QCOMPARE(y[3], -6.0f);
        QCOMPARE(y[4], 0.0f);
    }

    void dequantizesIQ4_NL()
    {
        Block b(18, 0x88); // code 8 -> level 1
        putHalf(b, 0, 0x4000); // d = 2
        b[2 + 0] = 0xF0;       // y[0] = 2*(-127), y[16] = 2*113
        b[2 + 3] = 0x78;       // y[3] = 2*1, y[19] = 2*(-10)
        const auto y = decode(GgmlType::IQ4_NL, b);
        QCOMPARE(y[0], -254.0f);
        QCOMPARE(y[16], 226.0f);
        QCOMPARE(y[3], 2.0f);
        QCOMPARE(y[19], -20.0f);
        QCOMPARE(y[1], 2.0f);
    }

    void dequantizesMXFP4()
    {
        // {u8 e; qs[16]}: y = 2^(e-128) * (2 x E2M1 value of the code).
        Block b(34, 0x00);
        b[0] = 128;       // scale 1
        b[1 + 0] = 0x7F;  // y[0] = code 15 = -12, y[16] = code 7 = 12
        b[1 + 1] = 0x35;  // y[1] = code 5 = 6, y[17] = code 3 = 3
        b[17] = 130;      // second block: scale 4
        b[18 + 2] = 0x9A; // y[32+2] = code 10 = -2 -> -8, y[32+18] = code 9 = -1 -> -4
        const auto y = decode(GgmlType::MXFP4, b);
        QCOMPARE(y[0], -12.0f);
        QCOMPARE(y[16], 12.0f);
        QCOMPARE(y[1], 6.0f);
        QCOMPARE(y[17], 3.0f);
        QCOMPARE(y[34], -8.0f);
        QCOMPARE(y[50], -4.0f);
        QCOMPARE(y[2], 0.0f);
    }

    void dequantizesQ2_K()
    {
        // {scales[16] (min<<4 | scale); qs[64]; d; dmin}. Weight 128n+32j+l
        // = bits 2j of qs[32n+l], sub-block (weight / 16).
        Block b(84, 0x00);
        b[0] = 0x21;             // sub 0: scale 1, min 2
        b[2] = 0x03;             // sub 2: scale 3, min 0
        b[4] = 0x12;             // sub 4: scale 2, min 1
        b[9] = 0x15;             // sub 9: scale 5, min 1
        b[16 + 0] = 0xE4;        // qs[0] = 11 10 01 00: j=0 -> 0, j=1 -> 1, j=2 -> 2, j=3 -> 3
        b[16 + 48] = 0x03;       // qs[48], weight 128+16 (sub 9): 3
        putHalf(b, 80, 0x3C00);  // d = 1
        putHalf(b, 82, 0x3800);  // dmin = 0.5
        const auto y = decode(GgmlType::Q2_K, b);
        QCOMPARE(y[0], -1.0f);   // 1*1*0 - 0.5*2
        QCOMPARE(y[1], -1.0f);   // qs[1] = 0
        QCOMPARE(y[32], 3.0f);   // 1*3*1 - 0
        QCOMPARE(y[64], 3.5f);   // 1*2*2 - 0.5*1
        QCOMPARE(y[96], 0.0f);   // sub 6 all zero
        QCOMPARE(y[144], 14.5f); // 1*5*3 - 0.5*1
    }

    void dequantizesQ3_K()
    {
        // {hmask[32]; qs[64]; scales[12]; d}. 6-bit scales - 32; weight
        // 128n+32j+l: low bits as Q2_K, hmask[l] bit (4n+j) clear -> subtract 4.
        Block b(110, 0x00);
        uint8_t* hmask = b.data();
        uint8_t* qs = b.data() + 32;
        uint8_t* sc = b.data() + 96;
        sc[0] = 0x05;  // sub 0 low nibble 5
        sc[8] = 0x02;  // sub 0 high bits 2 -> 37 - 32 = 5
        sc[1] = 0x30;  // sub 9 low nibble 3 (high nibble of byte 1)
        sc[9] = 0x10;  // sub 9 high bits 1 (bits 4-5 of byte 9) -> 19 - 32 = -13
        sc[7] = 0xF0;  // sub 15 low nibble 15
        sc[11] = 0xC0; // sub 15 high bits 3 (bits 6-7 of byte 11) -> 63 - 32 = 31
        qs[0] = 0x02;      // weight 0: low 2, hmask[0] bit 0 clear -> 2 - 4 = -2
        qs[48] = 0x01;     // weight 144 (n1 j0 l16): low 1
        hmask[16] = 0x10;  //   bit 4 set -> 1
        qs[63] = 0xC0;     // weight 255 (n1 j3 l31): low 3
        hmask[31] = 0x80;  //   bit 7 set -> 3
        putHalf(b, 108, 0x4000); // d = 2
        const auto y = decode(GgmlType::Q3_K, b);
        QCOMPARE(y[0], -20.0f);   // 2*5*(-2)
        QCOMPARE(y[1], -40.0f);   // 2*5*(-4)
        QCOMPARE(y[144], -26.0f); // 2*(-13)*1
        QCOMPARE(y[255], 186.0f); // 2*31*3
    }

    // Scales shared by the Q4_K and Q5_K cases: sub 0 (scale 10, min 4),
    // sub 5 (scale 2|16 = 18, min 3|32 = 35).
    static void fillKScales(uint8_t* s)
    {
        s[0] = 10;   // sub 0 scale
        s[4] = 4;    // sub 0 min
        s[9] = 0x32; // sub 5: scale low nibble 2, min low nibble 3
        s[1] = 0x40; // sub 5 scale top bits 1 (byte 1 bits 6-7)
        s[5] = 0x80; // sub 5 min top bits 2 (byte 5 bits 6-7)
    }

    void dequantizesQ4_K()
    {
        Block b(144, 0x00);
        putHalf(b, 0, 0x3800); // d = 0.5
        putHalf(b, 2, 0x3400); // dmin = 0.25
        fillKScales(b.data() + 4);
        uint8_t* qs = b.data() + 16;
        qs[0] = 0x07;  // weight 0 (sub 0, low nibble): 7
        qs[67] = 0xB0; // weight 163 (sub 5 = high nibbles of qs[64..95], l = 3): 11
        const auto y = decode(GgmlType::Q4_K, b);
        QCOMPARE(y[0], 34.0f);     // 0.5*10*7 - 0.25*4
        QCOMPARE(y[1], -1.0f);     // 0 - 0.25*4
        QCOMPARE(y[163], 90.25f);  // 0.5*18*11 - 0.25*35
        QCOMPARE(y[32], 0.0f);     // sub 1: scale 0, min 0
    }

    void dequantizesQ5_K()
    {
        Block b(176, 0x00);
        putHalf(b, 0, 0x3800);
        putHalf(b, 2, 0x3400);
        fillKScales(b.data() + 4);
        uint8_t* qh = b.data() + 16;
        uint8_t* qs = b.data() + 48;
        qs[0] = 0x07;  // weight 0: 7, qh[0] bit 0 clear
        qs[1] = 0x0F;  // weight 1: 15 + 16 (qh[1] bit 0)
        qh[1] = 0x01;
        qs[67] = 0xB0; // weight 163: 11 + 16 (qh[3] bit 5)
        qh[3] = 0x20;
        const auto y = decode(GgmlType::Q5_K, b);
        QCOMPARE(y[0], 34.0f);     // 0.5*10*7 - 1
        QCOMPARE(y[1], 154.0f);    // 0.5*10*31 - 1
        QCOMPARE(y[163], 234.25f); // 0.5*18*27 - 8.75
    }

    void dequantizesQ6_K()
    {
        // {ql[128]; qh[64]; i8 scales[16]; d}: y = d * scale[e/16] * (q - 32).
        Block b(210, 0x00);
        uint8_t* ql = b.data();
        uint8_t* qh = b.data() + 128;
        int8_t* sc = reinterpret_cast<int8_t*>(b.data() + 192);
        sc[0] = 2;
        sc[5] = -3;
        sc[15] = 4;
        ql[0] = 0x0A;  // weight 0: low 10,
        qh[0] = 0x02;  //   high 2 -> 42 - 32 = 10
        ql[16] = 0x30; // weight 80 (n0 k2 l16): high nibble of ql[16] = 3,
        qh[16] = 0x10; //   bits 4-5 of qh[16] = 1 -> 19 - 32 = -13
        ql[127] = 0xF0; // weight 255 (n1 k3 l31): high nibble of ql[64+32+31] = 15,
        qh[63] = 0xC0;  //   bits 6-7 of qh[32+31] = 3 -> 63 - 32 = 31
        putHalf(b, 208, 0x3800); // d = 0.5
        const auto y = decode(GgmlType::Q6_K, b);
        QCOMPARE(y[0], 10.0f);   // 0.5*2*10
        QCOMPARE(y[1], -32.0f);  // 0.5*2*(-32)
        QCOMPARE(y[80], 19.5f);  // 0.5*(-3)*(-13)
        QCOMPARE(y[255], 62.0f); // 0.5*4*31
    }

    void dequantizesQ8_K()
    {
        Block b(292, 0x00);
        const float d = 0.5f;
        std::memcpy(b.data(), &d, 4);
        b[4 + 10] = 0xF6; // -10 -> -5
        const auto y = decode(GgmlType::Q8_K, b);
        QCOMPARE(y[10], -5.0f);
        QCOMPARE(y[11], 0.0f);
    }

    void dequantizesIQ4_XS()
    {
        // {d; u16 scales_h; scales_l[4]; qs[128]}: sub-block ib scale
        // ((scales_l[ib/2] >> 4(ib%2)) & 15 | ((scales_h >> 2ib) & 3) << 4) - 32.
        Block b(136, 0x00);
        putHalf(b, 0, 0x3800); // d = 0.5
        b[2] = 0x80;           // scales_h bits 6-7 = 2 -> sub 3 high bits
        b[4 + 1] = 0x20;       // scales_l[1] high nibble 2 -> sub 3: (2|32) - 32 = 2 -> dl = 1
        uint8_t* qs = b.data() + 8;
        qs[48] = 0x0F;         // sub 3, j 0: y[96] = 1*113, y[112] = 1*(-127)
        qs[0] = 0x08;          // sub 0 (scale 0-32 -> dl = -16): y[0] = -16*1, y[16] = -16*(-127)
        const auto y = decode(GgmlType::IQ4_XS, b);
        QCOMPARE(y[96], 113.0f);
        QCOMPARE(y[112], -127.0f);
        QCOMPARE(y[0], -16.0f);
        QCOMPARE(y[16], 2032.0f);
    }

};

QTEST_APPLESS_MAIN(TestQuantBlocks)
#include "test_quant_blocks.moc"
