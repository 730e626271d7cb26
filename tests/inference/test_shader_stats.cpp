// Every shader compiled by a real GPU's compiler without the GPU: Mesa's
// RADV "null hardware" device (RADV_FORCE_FAMILY, set for this test in
// CMake) builds each pipeline and reports registers and spills. The kernels
// a GPU gets must compile and never spill; the lanes/texel kernels are for
// CPU drivers only and are not held to that. Also the SPIR-V interface
// reader the compile relies on.

#include "embedded_shaders.h"
#include "hearth/error.h"
#include "hearth/shader_stats.h"
#include "vulkan/spirv_interface.h"

#include <QFile>
#include <QtTest>

using namespace hearth;

namespace {

double statistic(const ShaderStatistics& s, const std::string& name)
{
    for (const auto& [key, value] : s.values)
        if (key == name)
            return value;
    return -1;
}

bool cpuDriverKernel(const std::string& name)
{
    return name.find("_lanes") != std::string::npos || name.find("_texel") != std::string::npos;
}

} // namespace

class ShaderStatsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void spirvInterfaceNamesEachBindingsKind()
    {
        const vk::SpirvInterface add = vk::readSpirvInterface(shaders::find("add_f32")->code());
        QCOMPARE(add.bindings.size(), size_t(3));
        for (vk::BindingKind kind : add.bindings)
            QVERIFY(kind == vk::BindingKind::Storage);
        QVERIFY(add.pushConstants);

        const vk::PipelineSpec lanes = vk::specFromSpirv("attention_lanes", shaders::find("attention_lanes")->code());
        QCOMPARE(lanes.storageBuffers, 4u);
        QCOMPARE(lanes.texelMask, 0b0110u); // K and V caches are read as texels
        QCOMPARE(lanes.uniformMask, 0u);
        QCOMPARE(lanes.pushConstantBytes, 128u);

        const std::uint32_t notSpirv[5] = {1, 2, 3, 4, 5};
        QVERIFY_THROWS_EXCEPTION(hearth::Error, vk::readSpirvInterface(notSpirv));
    }

    void gpuKernelsCompileWithoutSpillsOnRadv()
    {
        if (!QFile::exists(qEnvironmentVariable("VK_ICD_FILENAMES")))
            QSKIP("Mesa's RADV driver (mesa-vulkan-drivers) is not installed");
        const ShaderStatisticsReport report = shaderStatistics("", "");
        QVERIFY2(QString::fromStdString(report.device).contains("RADV"), report.device.c_str());
        QVERIFY(report.available);
        QCOMPARE(report.shaders.size(), shaders::all().size());
        int checked = 0;
        for (const ShaderStatistics& s : report.shaders) {
            QVERIFY2(s.error.empty(), (s.shader + ": " + s.error).c_str());
            QVERIFY2(statistic(s, "VGPRs") > 0, s.shader.c_str());
            if (cpuDriverKernel(s.shader))
                continue;
            const double spills = statistic(s, "Spilled VGPRs") + statistic(s, "Spilled SGPRs");
            QVERIFY2(spills == 0, (s.shader + " spills " + std::to_string(spills) + " registers").c_str());
            ++checked;
        }
        QVERIFY(checked > 50);
    }
};

QTEST_GUILESS_MAIN(ShaderStatsTest)
#include "test_shader_stats.moc"
