// Per-model chat defaults (the JSON sidecar in the models folder) and the
// global settings they are laid over.

#include "library_test_util.h"

#include "core/settings.h"
#include "services/library/model_defaults.h"
#include "services/library/models_folder.h"

#include "hearth/error.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace hearth;
using library::ModelDefaults;
using library::ModelDefaultsStore;

class TestModelDefaults : public QObject {
    Q_OBJECT

    QTemporaryDir home_;

private Q_SLOTS:
    void initTestCase()
    {
        // Settings go to a throwaway config folder, never the user's.
        qputenv("XDG_CONFIG_HOME", home_.filePath("config").toUtf8());
        qputenv("XDG_DATA_HOME", home_.filePath("data").toUtf8());
        qunsetenv("HEARTH_DATA_DIR");
    }

    void roundTripsPerModel()
    {
        QTemporaryDir models;
        ModelDefaultsStore store(models.path());
        QVERIFY(store.get("pub/repo/a.gguf").isEmpty());
        QVERIFY(store.models().isEmpty());

        ModelDefaults a;
        a.contextLength = 8192;
        a.temperature = 0.25;
        a.topK = 20;
        a.topP = 0.8;
        a.minP = 0.0;
        a.repeatPenalty = 1.05;
        a.systemPrompt = QString::fromUtf8("Tu es un assistant. Réponds en français.\n\"Quotes\" too.");
        ModelDefaults b;
        b.systemPrompt = "";
        b.topK = 0;
        store.set("pub/repo/a.gguf", a);
        store.set("loose.gguf", b);

        // A new store (as after a restart) reads the same values back.
        const ModelDefaultsStore reopened(models.path());
        QCOMPARE(reopened.get("pub/repo/a.gguf"), a);
        QCOMPARE(reopened.get("loose.gguf"), b);
        QVERIFY(!reopened.get("loose.gguf").temperature.has_value()); // unset stays unset
        const QStringList keys = reopened.models();
        QCOMPARE(QSet<QString>(keys.begin(), keys.end()), QSet<QString>({"pub/repo/a.gguf", "loose.gguf"}));
        QCOMPARE(store.filePath(), QDir(models.path()).filePath(".hearth/model-defaults.json"));

        store.set("loose.gguf", ModelDefaults{}); // empty removes
        QCOMPARE(store.models(), QStringList{"pub/repo/a.gguf"});
        store.remove("pub/repo/a.gguf");
        QVERIFY(store.models().isEmpty());
    }

    void appliesOverTheGlobalDefaults()
    {
        GenerationDefaults global;
        global.temperature = 0.7;
        global.systemPrompt = "global";
        ModelDefaults own;
        own.topK = 5;
        own.systemPrompt = "own";
        const GenerationDefaults d = own.appliedTo(global);
        QCOMPARE(d.temperature, 0.7);
        QCOMPARE(d.topK, 5);
        QCOMPARE(d.systemPrompt, QString("own"));
        QCOMPARE(d.contextLength, global.contextLength);
    }

    void rejectsValuesOutOfRange_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("context 0") << 0 << 0.0 << "The context length must be between 1 and";
        QTest::newRow("temperature -1") << 1 << -1.0 << "The temperature must be between 0 and 5";
        QTest::newRow("temperature nan") << 1 << qQNaN() << "The temperature must be";
        QTest::newRow("top-k -3") << 2 << -3.0 << "Top-k must be between 0 (off)";
        QTest::newRow("top-p 1.5") << 3 << 1.5 << "Top-p must be between 0 and 1";
        QTest::newRow("min-p -0.1") << 4 << -0.1 << "Min-p must be between 0 and 1";
        QTest::newRow("repeat 9") << 5 << 9.0 << "The repeat penalty must be between 0 and 5";
    }

    void rejectsValuesOutOfRange()
    {
        QFETCH(int, field);
        QFETCH(double, value);
        QFETCH(QString, message);
        QTemporaryDir models;
        ModelDefaultsStore store(models.path());
        ModelDefaults d;
        switch (field) {
        case 0: d.contextLength = int(value); break;
        case 1: d.temperature = value; break;
        case 2: d.topK = int(value); break;
        case 3: d.topP = value; break;
        case 4: d.minP = value; break;
        default: d.repeatPenalty = value; break;
        }
        QString error;
        try {
            store.set("m.gguf", d);
        } catch (const Error& e) {
            error = QString::fromUtf8(e.what());
        }
        QVERIFY2(error.startsWith(message), qPrintable(error));
        QVERIFY(store.models().isEmpty()); // nothing was saved
    }

    void keepsAChatFormat()
    {
        QTemporaryDir models;
        ModelDefaultsStore store(models.path());
        ModelDefaults d;
        d.chatTemplate = "Llama-3"; // stored by its canonical name
        store.set("m.gguf", d);
        QCOMPARE(ModelDefaultsStore(models.path()).get("m.gguf").chatTemplate, std::optional<QString>("llama3"));
        // Not a built-in: refused with the choices, nothing saved.
        ModelDefaults bad;
        bad.chatTemplate = "llama9";
        try {
            store.set("other.gguf", bad);
            QFAIL("an unknown chat format must be refused");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith("There is no chat format called 'llama9'. Choose one of: "
                                                            "chatml, llama2"),
                     e.what());
        }
        QCOMPARE(store.models(), QStringList{"m.gguf"});
        // A hand-edited unknown name reads as unset.
        test::writeBytes(store.filePath(),
                         R"({"version":1,"models":{"m.gguf":{"chat_template":"nonsense","top_k":3}}})");
        QVERIFY(!store.get("m.gguf").chatTemplate);
        QCOMPARE(store.get("m.gguf").topK, std::optional<int>(3));
    }

    void toleratesADamagedFile()
    {
        QTemporaryDir models;
        ModelDefaultsStore store(models.path());
        test::writeBytes(store.filePath(), "{ this is not json");
        QVERIFY(store.get("m.gguf").isEmpty());
        QVERIFY(store.models().isEmpty());
        // Hand-edited values of the wrong type or out of range are ignored
        // one by one; the rest is kept.
        test::writeBytes(store.filePath(), R"({"version":1,"models":{"m.gguf":{"temperature":"hot","top_k":2.5,
            "top_p":0.5,"context_length":-4,"min_p":7,"system_prompt":12,"repeat_penalty":1.2}}})");
        const ModelDefaults d = store.get("m.gguf");
        QVERIFY(!d.temperature && !d.topK && !d.contextLength && !d.minP && !d.systemPrompt);
        QCOMPARE(d.topP, std::optional<double>(0.5));
        QCOMPARE(d.repeatPenalty, std::optional<double>(1.2));
        ModelDefaults fresh;
        fresh.topK = 3;
        store.set("other.gguf", fresh); // writing over a damaged file works
        QCOMPARE(store.get("other.gguf"), fresh);
    }

    void refusesToSaveOverADamagedFile()
    {
        QTemporaryDir models;
        ModelDefaultsStore store(models.path());
        const QByteArray damaged = "{ \"models\": { \"a.gguf\": { \"top_k\": 5 } "; // cut short
        test::writeBytes(store.filePath(), damaged);
        QVERIFY(store.get("a.gguf").isEmpty()); // reading treats it as empty
        ModelDefaults fresh;
        fresh.topK = 3;
        for (int attempt = 0; attempt < 2; ++attempt) {
            QString error;
            try {
                if (attempt == 0)
                    store.set("b.gguf", fresh);
                else
                    store.remove("a.gguf");
            } catch (const hearth::Error& e) {
                error = QString::fromUtf8(e.what());
            }
            QCOMPARE(error, store.filePath() + " is damaged: fix or delete it to save model defaults");
            QFile file(store.filePath());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.readAll(), damaged); // left as it was
        }
        // A missing file is simply empty.
        QVERIFY(QFile::remove(store.filePath()));
        store.remove("a.gguf");
        store.set("b.gguf", fresh);
        QCOMPARE(store.get("b.gguf"), fresh);
    }

    void settingsRoundTrip()
    {
        const GenerationDefaults builtIn;
        QCOMPARE(Settings().generationDefaults(), builtIn);
        GenerationDefaults g;
        g.contextLength = 16384;
        g.temperature = 0.6;
        g.topK = 64;
        g.topP = 0.9;
        g.minP = 0.1;
        g.repeatPenalty = 1.0;
        g.systemPrompt = "Be brief.";
        Settings().setGenerationDefaults(g);
        QCOMPARE(Settings().generationDefaults(), g);
        QVERIFY(generationDefaultsProblem(g).isEmpty());

        // A value out of range in the file reads back as the built-in one.
        GenerationDefaults bad = g;
        bad.topP = 3;
        bad.contextLength = -1;
        QVERIFY(!generationDefaultsProblem(bad).isEmpty());
        Settings().setGenerationDefaults(bad);
        GenerationDefaults expected = g;
        expected.topP = builtIn.topP;
        expected.contextLength = builtIn.contextLength;
        QCOMPARE(Settings().generationDefaults(), expected);

        Settings().setHuggingFaceToken("  hf_abc123  ");
        QCOMPARE(Settings().huggingFaceToken(), QString("hf_abc123"));
        QVERIFY(QFile::exists(home_.filePath("config/hearth/hearth.ini"))); // not the user's config
    }

    void settingsChooseTheModelsFolder()
    {
        QCOMPARE(library::resolveModelsFolder(), home_.filePath("data") + "/hearth/models"); // once "hearth"
        QVERIFY(library::resolveModelsFolder().startsWith(home_.filePath("data") + "/"));
        Settings().setModelsFolder("/chosen/models");
        QCOMPARE(Settings().modelsFolder(), QString("/chosen/models"));
        QCOMPARE(library::resolveModelsFolder(), QString("/chosen/models"));
        QCOMPARE(library::resolveModelsFolder("/cli/models"), QString("/cli/models"));
        QCOMPARE(library::resolveModelsFolder({}, "/cli/data"), QString("/cli/data/models"));
        qputenv("HEARTH_DATA_DIR", "/env/data");
        QCOMPARE(library::resolveModelsFolder(), QString("/env/data/models"));
        qunsetenv("HEARTH_DATA_DIR");
        Settings().setModelsFolder({});
        QVERIFY(library::resolveModelsFolder().startsWith(home_.filePath("data")));
    }
};

QTEST_GUILESS_MAIN(TestModelDefaults)
#include "test_model_defaults.moc"
