pragma Singleton
import QtQuick
import Hearth

// Colours, sizes and fonts for every view, in one place. Light and dark
// palettes switch with SystemTheme (the desktop's preference or the user's).
QtObject {
    readonly property bool dark: SystemTheme.dark

    readonly property color window: dark ? "#16171b" : "#fafafa"
    readonly property color sidebar: dark ? "#1d1e23" : "#f0f0f3"
    readonly property color surface: dark ? "#23252b" : "#ffffff"
    readonly property color surfaceRaised: dark ? "#2b2e35" : "#f4f4f6"
    readonly property color hover: dark ? "#2f323a" : "#e6e7eb"
    readonly property color selected: dark ? "#383b45" : "#dfe1e7"
    readonly property color border: dark ? "#30333b" : "#e1e2e6"
    readonly property color text: dark ? "#eceef2" : "#1b1c20"
    readonly property color textMuted: dark ? "#9a9fab" : "#666a73"
    readonly property color accent: dark ? "#f08a4b" : "#d9622b"
    readonly property color accentHover: dark ? "#f59d66" : "#c4551f"
    readonly property color textOnAccent: "#ffffff"
    readonly property color danger: dark ? "#ff7b72" : "#c9372c"
    readonly property color success: dark ? "#56d364" : "#1f883d"

    readonly property int radius: 8
    readonly property int radiusLarge: 12
    readonly property int spacing: 8
    readonly property int padding: 16

    readonly property int fontSmall: 12
    readonly property int fontBody: 14
    readonly property int fontLarge: 17
    readonly property int fontTitle: 24
    readonly property string monoFamily: "monospace"
}
