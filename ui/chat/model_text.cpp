#include "model_text.h"

namespace hearth::ui {

QString fileWithQuant(const QString& fileName, const QString& quant)
{
    if (fileName.isEmpty())
        return {};
    if (quant.isEmpty() || fileName.contains(quant, Qt::CaseInsensitive))
        return fileName;
    return QStringLiteral("%1 (%2)").arg(fileName, quant);
}

} // namespace hearth::ui
