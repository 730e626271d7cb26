#include "cli/model_loading.h"

#include "cli/output.h"

#include <unistd.h>

namespace hearth::cli {

std::shared_ptr<Model> loadModelWithProgress(const QString& path, const QString& device, std::uint32_t context)
{
    ModelLoadOptions options;
    options.device = device.toStdString();
    options.contextLength = context;
    // A percentage that rewrites itself, only on a terminal (logs stay clean).
    const bool terminal = isatty(STDERR_FILENO) != 0;
    int shown = -1;
    options.progress = [&](std::uint64_t done, std::uint64_t total) {
        const int percent = total ? int(done * 100 / total) : 100;
        if (terminal && percent != shown) {
            shown = percent;
            printErr(QString("\rloading %1%").arg(percent));
        }
        return true;
    };
    auto model = Model::load(path.toStdString(), options);
    if (terminal)
        printErr("\r            \r");
    return model;
}

} // namespace hearth::cli
