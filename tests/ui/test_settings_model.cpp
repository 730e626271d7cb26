// SettingsModel against a throw-away config folder: good values are saved
// (a fresh hearth::Settings and the file on disk show them), bad ones are
// refused with a sentence and leave the file alone.

#include "core/settings.h"
#include "models/settings_model.h"
#include "services/library/models_folder.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <limits>

using hearth::GenerationDefaults;
using hearth::Settings;
using hearth::ui::SettingsModel;

class SettingsModelTest : public QObject {
    Q_OBJECT

    QTemporaryDir home_;

    QString configFile() const { return home_.path() + "/config/hearth/hearth.ini"; }

    QString configText() const
    {
        QFile file(configFile());
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(home_.isValid());
        // QSettings keeps the first config path it sees: set it before any use.
        qputenv("XDG_CONFIG_HOME", (home_.path() + "/config").toUtf8());
        qputenv("XDG_DATA_HOME", (home_.path() + "/data").toUtf8());
        qunsetenv("HEARTH_DATA_DIR");
        QVERIFY(!QFile::exists(configFile()));
    }

    void init()
    {
        // Same file as hearth::Settings, so also its in-process cache.
        QSettings(configFile(), QSettings::IniFormat).clear();
    }

    void startsWithTheBuiltInDefaults()
    {
        SettingsModel model;
        const GenerationDefaults builtIn;
        QCOMPARE(model.contextLength(), builtIn.contextLength);
        QCOMPARE(model.temperature(), 0.8);
        QCOMPARE(model.topK(), 40);
        QCOMPARE(model.topP(), 0.95);
        QCOMPARE(model.minP(), 0.05);
        QCOMPARE(model.repeatPenalty(), 1.0);
        QVERIFY(model.systemPrompt().isEmpty());
        QVERIFY(model.generationDefaultsAreBuiltIn());
        QCOMPARE(model.builtInDefaults().value("temperature").toDouble(), 0.8);
        QCOMPARE(model.builtInDefaults().value("contextLength").toInt(), 4096);
        QVERIFY(model.errorText().isEmpty());
    }

    void validValuesAreSaved()
    {
        SettingsModel model;
        QSignalSpy changed(&model, &SettingsModel::generationDefaultsChanged);
        QVERIFY(model.applyContextLength(8192));
        QVERIFY(model.applyTemperature(0.5));
        QVERIFY(model.applyTopK(20));
        QVERIFY(model.applyTopP(0.9));
        QVERIFY(model.applyMinP(0.1));
        QVERIFY(model.applyRepeatPenalty(1.1));
        QVERIFY(model.applySystemPrompt("Answer in one sentence."));
        QCOMPARE(changed.count(), 7);
        QVERIFY(model.applyTemperature(0.5)); // unchanged: no signal
        QCOMPARE(changed.count(), 7);
        QVERIFY(model.errorText().isEmpty());
        QCOMPARE(model.temperature(), 0.5);
        QVERIFY(!model.generationDefaultsAreBuiltIn());

        const GenerationDefaults saved = Settings().generationDefaults();
        QCOMPARE(saved.contextLength, 8192);
        QCOMPARE(saved.temperature, 0.5);
        QCOMPARE(saved.topK, 20);
        QCOMPARE(saved.topP, 0.9);
        QCOMPARE(saved.minP, 0.1);
        QCOMPARE(saved.repeatPenalty, 1.1);
        QCOMPARE(saved.systemPrompt, QString("Answer in one sentence."));

        // Really on disk, not only in QSettings' in-process cache.
        const QString text = configText();
        QVERIFY2(text.contains("temperature=0.5"), qPrintable(text));
        QVERIFY2(text.contains("context_length=8192"), qPrintable(text));

        SettingsModel reopened;
        QCOMPARE(reopened.contextLength(), 8192);
        QCOMPARE(reopened.repeatPenalty(), 1.1);
    }

    void propertyWritesAreChecked()
    {
        SettingsModel model;
        QVERIFY(model.setProperty("temperature", 1.25));
        QCOMPARE(Settings().generationDefaults().temperature, 1.25);
        model.setProperty("temperature", 7.0);
        QCOMPARE(model.temperature(), 1.25);
        QCOMPARE(model.errorField(), QString("temperature"));
    }

    void invalidValuesAreRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expectedWords");
        QTest::newRow("temperature 9") << "temperature" << 9.0 << "temperature must be between 0 and 5";
        QTest::newRow("temperature -1") << "temperature" << -1.0 << "temperature";
        QTest::newRow("temperature NaN") << "temperature" << std::numeric_limits<double>::quiet_NaN() << "temperature";
        QTest::newRow("context 0") << "contextLength" << 0.0 << "context length must be between 1";
        QTest::newRow("top-k -3") << "topK" << -3.0 << "Top-k";
        QTest::newRow("top-p 1.5") << "topP" << 1.5 << "Top-p";
        QTest::newRow("min-p 2") << "minP" << 2.0 << "Min-p";
        QTest::newRow("repeat penalty 6") << "repeatPenalty" << 6.0 << "repeat penalty";
    }

    void invalidValuesAreRefused()
    {
        QFETCH(QString, field);
        QFETCH(double, value);
        QFETCH(QString, expectedWords);

        SettingsModel model;
        QSignalSpy errors(&model, &SettingsModel::errorChanged);
        QSignalSpy changed(&model, &SettingsModel::generationDefaultsChanged);
        const auto apply = [&](double v) {
            if (field == "temperature")
                return model.applyTemperature(v);
            if (field == "contextLength")
                return model.applyContextLength(int(v));
            if (field == "topK")
                return model.applyTopK(int(v));
            if (field == "topP")
                return model.applyTopP(v);
            if (field == "minP")
                return model.applyMinP(v);
            return model.applyRepeatPenalty(v);
        };
        const bool ok = apply(value);
        QVERIFY(!ok);
        QCOMPARE(model.errorField(), field);
        QVERIFY2(model.errorText().contains(expectedWords, Qt::CaseInsensitive), qPrintable(model.errorText()));
        QVERIFY(model.errorText().endsWith('.'));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(changed.count(), 0);
        QVERIFY(model.generationDefaultsAreBuiltIn());
        QCOMPARE(Settings().generationDefaults(), GenerationDefaults{});
        QVERIFY2(!configText().contains("generation"), qPrintable(configText()));

        // Another field's good value keeps the message; this field's clears it.
        model.clearError("somethingElse");
        QVERIFY(field == "temperature" ? model.applyTopK(30) : model.applyTemperature(0.7));
        QCOMPARE(model.errorField(), field);
        QVERIFY(!model.errorText().isEmpty());
        QVERIFY(apply(1));
        QVERIFY(model.errorText().isEmpty());
        QVERIFY(model.errorField().isEmpty());
    }

    void contextOverflowDefaultIsSaved()
    {
        SettingsModel model;
        QCOMPARE(model.contextOverflow(), QString("drop-oldest"));
        QSignalSpy changed(&model, &SettingsModel::contextOverflowChanged);
        model.setContextOverflow("stop");
        QCOMPARE(changed.size(), 1);
        QCOMPARE(hearth::Settings().contextOverflow(), hearth::ContextOverflow::Stop);
        model.setContextOverflow("sideways"); // not a policy: ignored
        QCOMPARE(model.contextOverflow(), QString("stop"));
        QCOMPARE(changed.size(), 1);
    }

    void resetRestoresTheBuiltInDefaults()
    {
        SettingsModel model;
        QVERIFY(model.applyTemperature(1.5));
        QVERIFY(model.applyContextLength(2048));
        QVERIFY(model.applySystemPrompt("Be terse."));
        QVERIFY(!model.applyTopP(3)); // an error on screen is cleared by the reset too
        QSignalSpy changed(&model, &SettingsModel::generationDefaultsChanged);
        model.resetGenerationDefaults();
        QCOMPARE(changed.count(), 1);
        QVERIFY(model.errorText().isEmpty());
        QVERIFY(model.generationDefaultsAreBuiltIn());
        QCOMPARE(model.temperature(), 0.8);
        QCOMPARE(model.contextLength(), 4096);
        QCOMPARE(Settings().generationDefaults(), GenerationDefaults{});
    }

    void modelsFolderShowsTheEffectiveFolder()
    {
        SettingsModel model;
        QCOMPARE(model.modelsFolder(), hearth::library::resolveModelsFolder());
        QCOMPARE(model.modelsFolder(), hearth::library::appDataFolder() + "/models");
        QVERIFY2(model.modelsFolder().startsWith(home_.path() + "/data"), qPrintable(model.modelsFolder()));
        QVERIFY(model.modelsFolderIsDefault());
        QVERIFY(!model.modelsFolderOverridden());

        QSignalSpy changed(&model, &SettingsModel::modelsFolderChanged);
        const QString chosen = home_.path() + "/not yet/models"; // creatable, does not exist
        QVERIFY2(model.applyModelsFolder(chosen), qPrintable(model.errorText()));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.modelsFolder(), chosen);
        QCOMPARE(Settings().modelsFolder(), chosen);
        QVERIFY(!model.modelsFolderIsDefault());
        QVERIFY(!QFileInfo::exists(chosen)); // looking is not creating

        // What FolderDialog hands over.
        const QString viaUrl = home_.path() + "/picked";
        QVERIFY(model.applyModelsFolder(QUrl::fromLocalFile(viaUrl).toString()));
        QCOMPARE(Settings().modelsFolder(), viaUrl);

        // $HEARTH_DATA_DIR wins for this run, as everywhere else.
        qputenv("HEARTH_DATA_DIR", (home_.path() + "/override").toUtf8());
        QVERIFY(model.modelsFolderOverridden());
        QCOMPARE(model.modelsFolder(), home_.path() + "/override/models");
        qunsetenv("HEARTH_DATA_DIR");

        QVERIFY(model.applyModelsFolder(""));
        QVERIFY(model.modelsFolderIsDefault());
        QCOMPARE(model.modelsFolder(), hearth::library::appDataFolder() + "/models");
    }

    void badFoldersAreRefused()
    {
        SettingsModel model;
        QFile file(home_.path() + "/a file");
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();

        QVERIFY(!model.applyModelsFolder(file.fileName()));
        QCOMPARE(model.errorField(), QString("modelsFolder"));
        QVERIFY2(model.errorText().contains("not a folder"), qPrintable(model.errorText()));
        QVERIFY(!model.applyModelsFolder(file.fileName() + "/below"));
        QVERIFY(!model.applyModelsFolder("relative/models"));
        QVERIFY2(model.errorText().contains("full path"), qPrintable(model.errorText()));
        QVERIFY(Settings().modelsFolder().isEmpty());

        QVERIFY(!model.applyExportFolder(file.fileName()));
        QCOMPARE(model.errorField(), QString("exportFolder"));
        QCOMPARE(Settings().exportFolder(), QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    }

    void exportFolderDefaultsToDocuments()
    {
        SettingsModel model;
        const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        QVERIFY(!documents.isEmpty());
        QCOMPARE(model.exportFolder(), documents);
        QVERIFY(model.exportFolderIsDefault());

        QSignalSpy changed(&model, &SettingsModel::exportFolderChanged);
        QVERIFY(model.applyExportFolder(home_.path()));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(Settings().exportFolder(), home_.path());
        QCOMPARE(model.exportFolder(), home_.path());
        QVERIFY(!model.exportFolderIsDefault());
        QVERIFY(configText().contains("export_folder"));

        QVERIFY(model.applyExportFolder(""));
        QCOMPARE(Settings().exportFolder(), documents);
        QVERIFY(!configText().contains("export_folder"));
    }

    void huggingFaceTokenIsSavedAndRemoved()
    {
        SettingsModel model;
        QSignalSpy changed(&model, &SettingsModel::huggingFaceTokenChanged);
        QVERIFY(model.applyHuggingFaceToken("  hf_abcDEF123 \n"));
        QCOMPARE(Settings().huggingFaceToken(), QString("hf_abcDEF123"));
        QCOMPARE(model.huggingFaceToken(), QString("hf_abcDEF123"));

        QVERIFY(!model.applyHuggingFaceToken("hf_abc DEF"));
        QCOMPARE(model.errorField(), QString("huggingFaceToken"));
        QCOMPARE(Settings().huggingFaceToken(), QString("hf_abcDEF123"));

        model.removeHuggingFaceToken();
        QVERIFY(Settings().huggingFaceToken().isEmpty());
        QVERIFY(model.errorText().isEmpty());
        QCOMPARE(changed.count(), 2);
    }

    void devicePreferenceIsSaved()
    {
        SettingsModel model;
        QSignalSpy changed(&model, &SettingsModel::devicePreferenceChanged);
        model.applyDevicePreference("1");
        QCOMPARE(Settings().devicePreference(), QString("1"));
        model.applyDevicePreference("1");
        QCOMPARE(changed.count(), 1);
        model.applyDevicePreference("");
        QVERIFY(Settings().devicePreference().isEmpty());
        QCOMPARE(changed.count(), 2);
    }
};

QTEST_GUILESS_MAIN(SettingsModelTest)
#include "test_settings_model.moc"
