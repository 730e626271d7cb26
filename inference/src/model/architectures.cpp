#include "model/architecture.h"

namespace hearth::model {

const std::vector<Architecture>& supportedArchitectures()
{
    static const std::vector<Architecture> kAll = {
        llamaArchitecture(),
        qwen2Architecture(),
        qwen3Architecture(),
    };
    return kAll;
}

const Architecture* findArchitecture(std::string_view name)
{
    for (const Architecture& a : supportedArchitectures())
        if (a.name == name)
            return &a;
    return nullptr;
}

std::string supportedArchitectureNames()
{
    const auto& all = supportedArchitectures();
    std::string names;
    for (size_t i = 0; i < all.size(); ++i) {
        if (i > 0)
            names += i + 1 == all.size() ? " and " : ", ";
        names += all[i].name;
    }
    return names;
}

} // namespace hearth::model
