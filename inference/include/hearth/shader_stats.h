#pragma once

// What a GPU's shader compiler makes of every embedded compute shader:
// registers, spills, shared memory and occupancy, as the driver reports
// them through VK_KHR_pipeline_executable_properties (hearth-cli
// shader-stats). With Mesa's RADV "null hardware" device
// (RADV_FORCE_FAMILY=navi21, the radeon ICD) this works on a machine with
// no AMD GPU: the driver compiles but cannot run anything.
//
// Each shader is compiled with its default specialization constants (the
// engine may pick other workgroup sizes or row counts at run time).

#include <string>
#include <utility>
#include <vector>

namespace hearth {

struct ShaderStatistics {
    std::string shader; // embedded shader name
    std::vector<std::pair<std::string, double>> values; // in the driver's order
    std::string error;  // the shader failed to compile here
};

struct ShaderStatisticsReport {
    std::string device;
    bool available = false; // the driver reports statistics
    std::vector<ShaderStatistics> shaders;
};

// Compiles every shader whose name contains `filter` (empty: all) on the
// device `device` (as hearth::chooseDevice). Throws hearth::Error when no
// device can be opened.
ShaderStatisticsReport shaderStatistics(const std::string& device, const std::string& filter);

} // namespace hearth
