package keywatch.watch.input;

/** How to read an input; AUTO looks at the first bytes. */
public enum InputFormat {
  AUTO,
  CLOUDTRAIL,
  JSON_LINES,
  TEXT
}
