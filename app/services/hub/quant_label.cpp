#include "services/hub/quant_label.h"

#include <QRegularExpression>

namespace hearth::hub {

QString quantLabel(const QString& fileName)
{
    QString name = fileName.section('/', -1);
    if (const auto split = splitPart(name))
        name = split->setName;
    if (name.endsWith(".gguf", Qt::CaseInsensitive))
        name.chop(5);
    // A label is a whole token between separators: "Q4_K_M", "IQ3_XXS",
    // "Q4_0_4_4", "UD-Q4_K_XL" (the "UD-" belongs to the name), "BF16", ...
    static const QRegularExpression pattern(
        R"((?:^|[-._ ])(I?Q[1-8](?:_[0-9A-Z]{1,3})*|TQ[12]_0|BF16|FP16|F16|F32|MXFP4(?:_MOE)?)(?=$|[-._ ]))",
        QRegularExpression::CaseInsensitiveOption);
    QString label;
    auto it = pattern.globalMatch(name);
    while (it.hasNext())
        label = it.next().captured(1).toUpper(); // the last one: names often start with "Q..."-less words
    if (label == "FP16")
        label = "F16";
    return label;
}

std::optional<SplitPart> splitPart(const QString& path)
{
    static const QRegularExpression pattern(R"(^(.*)-(\d{5})-of-(\d{5})(\.gguf)$)",
                                            QRegularExpression::CaseInsensitiveOption);
    const auto match = pattern.match(path);
    if (!match.hasMatch())
        return std::nullopt;
    SplitPart part;
    part.setName = match.captured(1) + match.captured(4);
    part.index = match.captured(2).toInt();
    part.count = match.captured(3).toInt();
    if (part.index < 1 || part.count < 1 || part.index > part.count)
        return std::nullopt;
    return part;
}

} // namespace hearth::hub
