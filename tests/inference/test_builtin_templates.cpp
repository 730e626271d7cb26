// The chat formats Hearth ships (builtin_templates.cpp): each renders the
// format's documented text for a small conversation, names are found
// however the user spells them, the plain ones agree with the real
// templates of models in that format, and a model without a template is
// given its architecture's format and marked as a fallback.

#include "fixtures.h"
#include "test_chat_template_util.h"

#include "hearth/chat_prompt.h"
#include "hearth/chat_template.h"

#include <QtTest>

#include <set>

using namespace hearth;

namespace {

// System prompt, a first exchange and a question whose content is a list of
// parts (the picture must be skipped).
nlohmann::ordered_json conversation(bool withSystem = true)
{
    auto messages = nlohmann::ordered_json::parse(R"([
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is this?"}]}
    ])");
    if (!withSystem)
        messages.erase(messages.begin());
    return messages;
}

std::string renderBuiltin(const std::string& name, const nlohmann::ordered_json& messages,
                          std::optional<std::string> bos = "<s>", std::optional<std::string> eos = "</s>")
{
    const BuiltinChatTemplate* builtin = findBuiltinChatTemplate(name);
    if (!builtin)
        throw std::runtime_error("no built-in template " + name);
    ChatTemplateInputs in;
    in.messages = messages;
    in.bosToken = std::move(bos);
    in.eosToken = std::move(eos);
    return ChatTemplate(builtin->source).render(in);
}

} // namespace

class TestBuiltinTemplates : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rendersTheFormat_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("chatml") << "chatml"
                                << "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                                   "<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nWhat is this?<|im_end|>\n"
                                   "<|im_start|>assistant\n";
        QTest::newRow("llama2") << "llama2"
                                << "<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST] Hello! </s><s>[INST] What is "
                                   "this? [/INST]";
        QTest::newRow("llama3") << "llama3"
                                << "<s><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                                   "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                                   "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>"
                                   "<|start_header_id|>user<|end_header_id|>\n\nWhat is this?<|eot_id|>"
                                   "<|start_header_id|>assistant<|end_header_id|>\n\n";
        QTest::newRow("gemma") << "gemma"
                               << "<s><start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\nHello!"
                                  "<end_of_turn>\n<start_of_turn>user\nWhat is this?<end_of_turn>\n<start_of_turn>model\n";
        QTest::newRow("mistral") << "mistral"
                                 << "<s>[INST] Be brief.\n\nHi [/INST] Hello!</s>[INST] What is this? [/INST]";
        QTest::newRow("phi3") << "phi3"
                              << "<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\nHello!<|end|>\n"
                                 "<|user|>\nWhat is this?<|end|>\n<|assistant|>\n";
        QTest::newRow("alpaca") << "alpaca"
                                << "<s>Be brief.\n\n### Instruction:\nHi\n\n### Response:\nHello!\n\n"
                                   "### Instruction:\nWhat is this?\n\n### Response:\n";
        QTest::newRow("vicuna") << "vicuna"
                                << "<s>Be brief. USER: Hi ASSISTANT: Hello!</s>USER: What is this? ASSISTANT:";
        QTest::newRow("zephyr") << "zephyr"
                                << "<|system|>\nBe brief.</s>\n<|user|>\nHi</s>\n<|assistant|>\nHello!</s>\n"
                                   "<|user|>\nWhat is this?</s>\n<|assistant|>\n";
    }

    void rendersTheFormat()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        HEARTH_COMPARE_TEXT(renderBuiltin(name.toStdString(), conversation()), expected.toStdString());
    }

    void everyBuiltinIsTested()
    {
        // A new built-in needs its row in rendersTheFormat.
        QStringList tested = {"chatml", "llama2", "llama3", "gemma", "mistral", "phi3", "alpaca", "vicuna", "zephyr"};
        QStringList names;
        std::set<std::string> labels;
        for (const BuiltinChatTemplate& t : builtinChatTemplates()) {
            names << QString::fromStdString(t.name);
            QVERIFY2(labels.insert(t.label).second, t.label.c_str());
        }
        QCOMPARE(names, tested);
        QCOMPARE(builtinChatTemplateNames(), tested.join(", ").toStdString());
    }

    void preamblesWithoutASystemPrompt()
    {
        HEARTH_COMPARE_TEXT(renderBuiltin("alpaca", conversation(false)),
                            "<s>Below is an instruction that describes a task. Write a response that appropriately "
                            "completes the request.\n\n### Instruction:\nHi\n\n### Response:\nHello!\n\n"
                            "### Instruction:\nWhat is this?\n\n### Response:\n");
        HEARTH_COMPARE_TEXT(renderBuiltin("vicuna", conversation(false)),
                            "<s>A chat between a curious user and an artificial intelligence assistant. The assistant "
                            "gives helpful, detailed, and polite answers to the user's questions. USER: Hi ASSISTANT: "
                            "Hello!</s>USER: What is this? ASSISTANT:");
        // Without a system prompt Llama 2 and Mistral have no <<SYS>> block or blank line.
        HEARTH_COMPARE_TEXT(renderBuiltin("llama2", conversation(false)),
                            "<s>[INST] Hi [/INST] Hello! </s><s>[INST] What is this? [/INST]");
        HEARTH_COMPARE_TEXT(renderBuiltin("mistral", conversation(false)),
                            "<s>[INST] Hi [/INST] Hello!</s>[INST] What is this? [/INST]");
    }

    void namesAreFoundHoweverSpelled()
    {
        QCOMPARE(findBuiltinChatTemplate("Llama-3")->name, std::string("llama3"));
        QCOMPARE(findBuiltinChatTemplate("LLAMA 2")->name, std::string("llama2"));
        QCOMPARE(findBuiltinChatTemplate("ChatML")->name, std::string("chatml"));
        QCOMPARE(findBuiltinChatTemplate("phi_3")->label, std::string("Phi-3"));
        QVERIFY(findBuiltinChatTemplate("llama4") == nullptr);
        QVERIFY(findBuiltinChatTemplate("") == nullptr);
        QVERIFY(findBuiltinChatTemplate("--") == nullptr);
    }

    // Where a family's real template is the plain format, ours must give the
    // same text (for the conversations that template accepts).
    void agreesWithRealTemplates_data()
    {
        QTest::addColumn<QString>("builtin");
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("withSystem");
        QTest::newRow("chatml = Qwen2.5") << "chatml" << "Qwen-Qwen2.5-7B-Instruct.jinja" << true;
        QTest::newRow("gemma = Gemma 2") << "gemma" << "google-gemma-2-2b-it.jinja" << false;
        QTest::newRow("phi3 = Phi-3.5") << "phi3" << "microsoft-Phi-3.5-mini-instruct.jinja" << true;
    }

    void agreesWithRealTemplates()
    {
        QFETCH(QString, builtin);
        QFETCH(QString, file);
        QFETCH(bool, withSystem);
        const QString path = hearth::test::sharedPath("templates/" + file);
        if (!QFileInfo::exists(path)) {
            if (hearth::test::fixturesRequired())
                QFAIL(qPrintable("shared fixture missing: " + path));
            QSKIP(qPrintable("shared fixture missing: " + path));
        }
        // Real templates read content as a string.
        auto messages = conversation(withSystem);
        messages.back()["content"] = "What is this?";
        ChatTemplateInputs in;
        in.messages = messages;
        in.bosToken = "<bos>";
        in.eosToken = "<|endoftext|>";
        const std::string real = ChatTemplate(hearth::test::readTextFile(path.toStdString())).render(in);
        HEARTH_COMPARE_TEXT(renderBuiltin(builtin.toStdString(), messages, "<bos>", "<|endoftext|>"), real);
    }

    void modelsWithoutATemplateGetAFallback()
    {
        const TemplateChoice none = chooseChatTemplate("", "llama");
        QCOMPARE(none.origin, TemplateOrigin::Fallback);
        QCOMPARE(none.name, std::string("llama2"));
        QCOMPARE(none.label, std::string("Llama 2"));
        QCOMPARE(none.source, findBuiltinChatTemplate("llama2")->source);
        QCOMPARE(chooseChatTemplate("", "qwen2").name, std::string("chatml"));
        QCOMPARE(chooseChatTemplate("", "qwen3").name, std::string("chatml"));
        QCOMPARE(chooseChatTemplate("", "gemma2").name, std::string("gemma"));
        QCOMPARE(chooseChatTemplate("", "gemma3").name, std::string("gemma"));
        QCOMPARE(chooseChatTemplate("", "phi3").name, std::string("phi3"));
        QCOMPARE(chooseChatTemplate("", "something-new").name, std::string("chatml"));
        QCOMPARE(defaultChatTemplate("gemma2"), findBuiltinChatTemplate("gemma")->source);

        const TemplateChoice own = chooseChatTemplate("{{ 'mine' }}", "llama");
        QCOMPARE(own.origin, TemplateOrigin::Model);
        QCOMPARE(own.source, std::string("{{ 'mine' }}"));
        QVERIFY(own.name.empty());
    }

    void aChosenTemplateOverridesTheFile()
    {
        for (const std::string modelTemplate : {"", "{{ 'mine' }}"}) {
            const TemplateChoice chosen = chooseChatTemplate(modelTemplate, "llama", "Llama-3");
            QCOMPARE(chosen.origin, TemplateOrigin::Chosen);
            QCOMPARE(chosen.name, std::string("llama3"));
            QCOMPARE(chosen.source, findBuiltinChatTemplate("llama3")->source);
        }
        try {
            chooseChatTemplate("", "llama", "llama9");
            QFAIL("an unknown name must be refused");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()), "There is no chat template called 'llama9'. Choose one of: " +
                                                builtinChatTemplateNames() + ".");
        }
    }
};

QTEST_GUILESS_MAIN(TestBuiltinTemplates)
#include "test_builtin_templates.moc"
