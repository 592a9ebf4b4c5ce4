// SVGO settings for the Mulberry Symbols (scripts/symbols/import.py): lossless only.
// Every plugin that rewrites numbers (path data, transforms, shapes to paths, merged
// paths) is off, so no coordinate loses precision; what runs removes what draws nothing
// (metadata, editor data, defaults, empty groups) and moves each <style> rule onto the
// elements it styles, so no symbol holds a <style> element (the SVG safety check refuses
// them). import.py renders a sample before and after in Chromium to prove nothing changed.
export default {
  multipass: false,
  js2svg: { pretty: false, finalNewline: true },
  plugins: [
    {
      name: "preset-default",
      params: {
        overrides: {
          cleanupNumericValues: false,
          convertPathData: false,
          convertTransform: false,
          convertShapeToPath: false,
          convertEllipseToCircle: false,
          mergePaths: false,
          inlineStyles: { onlyMatchedOnce: false },
          cleanupIds: false,
        },
      },
    },
    "convertStyleToAttrs",
  ],
};
