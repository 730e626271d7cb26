// What each answer says about how it was made: the JSON kept with it, the
// short line under it and the tooltip with every setting; and how model
// files are named beside a model's name.

#include "chat/answer_settings.h"
#include "chat/message_list_model.h"
#include "chat/model_text.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace hearth::ui;
namespace inference = hearth::inference;

namespace {

inference::LoadedModel loadedModel()
{
    inference::LoadedModel m;
    m.path = "/models/bartowski/Qwen2.5-GGUF/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf";
    m.name = "Qwen2.5 0.5B Instruct";
    m.quantization = "Q4_K_M";
    m.contextLength = 4096;
    return m;
}

inference::GenerationSettings settings()
{
    inference::GenerationSettings s;
    s.temperature = 0.7;
    s.topK = 40;
    s.topP = 0.9;
    s.minP = 0.05;
    s.repeatPenalty = 1.1;
    s.seed = 42;
    s.maxTokens = 256;
    return s;
}

} // namespace

class AnswerSettingsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fileNamesSayTheQuantisation()
    {
        QCOMPARE(fileWithQuant("model-Q4_K_M.gguf", "Q4_K_M"), QString("model-Q4_K_M.gguf"));
        QCOMPARE(fileWithQuant("model-q4_k_m.gguf", "Q4_K_M"), QString("model-q4_k_m.gguf"));
        QCOMPARE(fileWithQuant("model.gguf", "Q8_0"), QString("model.gguf (Q8_0)"));
        QCOMPARE(fileWithQuant("model.gguf", ""), QString("model.gguf"));
        QCOMPARE(fileWithQuant("", "Q8_0"), QString());
    }

    void jsonHoldsModelFileAndEverySetting()
    {
        const QJsonObject o = QJsonDocument::fromJson(answerSettingsJson(loadedModel(), settings()).toUtf8()).object();
        QCOMPARE(o.value("model_file").toString(), QString("Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"));
        QCOMPARE(o.value("quant").toString(), QString("Q4_K_M"));
        QCOMPARE(o.value("context_length").toInt(), 4096);
        QCOMPARE(o.value("temperature").toDouble(), 0.7);
        QCOMPARE(o.value("top_k").toInt(), 40);
        QCOMPARE(o.value("top_p").toDouble(), 0.9);
        QCOMPARE(o.value("min_p").toDouble(), 0.05);
        QCOMPARE(o.value("repeat_penalty").toDouble(), 1.1);
        QCOMPARE(o.value("seed").toInteger(), qint64(42));
        QCOMPARE(o.value("max_tokens").toInt(), 256);
    }

    void lineAndTooltip()
    {
        const QString json = answerSettingsJson(loadedModel(), settings());
        QCOMPARE(answerSettingsLine("Qwen2.5 0.5B Instruct", json),
                 QString("Qwen2.5 0.5B Instruct · Qwen2.5-0.5B-Instruct-Q4_K_M.gguf · temp 0.7 · seed 42 · 4096 ctx"));
        const QStringList lines = answerSettingsDetails("Qwen2.5 0.5B Instruct", json).split('\n');
        QCOMPARE(lines, (QStringList{"Model: Qwen2.5 0.5B Instruct", "File: Qwen2.5-0.5B-Instruct-Q4_K_M.gguf",
                                     "Context: 4096 tokens", "Temperature: 0.7", "Top-k: 40", "Top-p: 0.9",
                                     "Min-p: 0.05", "Repeat penalty: 1.1", "Seed: 42",
                                     "Length limit: 256 tokens"}));

        // Defaults of the engine: a random seed and no length limit are said so.
        inference::GenerationSettings open = settings();
        open.seed = -1;
        open.maxTokens = -1;
        open.topK = 0;
        inference::LoadedModel plain = loadedModel();
        plain.path = "/x/model.gguf"; // the quant is not in the name
        const QString other = answerSettingsJson(plain, open);
        QCOMPARE(answerSettingsLine("M", other), QString("M · model.gguf (Q4_K_M) · temp 0.7 · 4096 ctx"));
        const QString details = answerSettingsDetails("M", other);
        QVERIFY2(details.contains("Seed: random") && details.contains("Length limit: none") &&
                     details.contains("Top-k: off") && details.contains("File: model.gguf (Q4_K_M)"),
                 qPrintable(details));
    }

    void olderAnswersShowWhatIsKnown()
    {
        // Answers from before settings were kept have only the model's name.
        QCOMPARE(answerSettingsLine("Old model", ""), QString("Old model"));
        QCOMPARE(answerSettingsDetails("Old model", ""), QString("Model: Old model"));
        QCOMPARE(answerSettingsLine("", ""), QString());
        QCOMPARE(answerSettingsDetails("", "not json"), QString());
        QCOMPARE(answerSettingsLine("M", "[1, 2]"), QString("M"));
    }

    void messageRowsCarryTheLabel()
    {
        MessageListModel model;
        MessageRow question;
        question.message.role = hearth::store::Role::User;
        question.message.content = "Hi";
        MessageRow answer;
        answer.message.role = hearth::store::Role::Assistant;
        answer.message.model = "Qwen2.5 0.5B Instruct";
        answer.message.settingsJson = answerSettingsJson(loadedModel(), settings());
        model.setRows({question, answer});
        QCOMPARE(model.data(model.index(0), MessageListModel::ModelLabelRole).toString(), QString());
        QVERIFY(model.data(model.index(1), MessageListModel::ModelLabelRole)
                    .toString()
                    .startsWith("Qwen2.5 0.5B Instruct · Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"));
        QVERIFY(model.data(model.index(1), MessageListModel::SettingsDetailsRole).toString().contains("Seed: 42"));
        QVERIFY(model.roleNames().values().contains("modelLabel"));
        QVERIFY(model.roleNames().values().contains("settingsDetails"));
    }
};

QTEST_GUILESS_MAIN(AnswerSettingsTest)
#include "test_answer_settings.moc"
