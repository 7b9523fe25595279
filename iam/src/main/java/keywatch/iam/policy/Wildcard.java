package keywatch.iam.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * One pattern from a policy: literal text, the wildcards {@code *} (any run of characters, colons
 * included) and {@code ?} (one character), and policy variables {@code ${aws:username}} or
 * {@code ${aws:username, 'default'}} with the escapes {@code ${*}}, {@code ${?}}, {@code ${$}}.
 *
 * <p>Design: the pattern is compiled once into an int program (a char, or {@link #STAR}, or
 * {@link #ONE}) and matched by the usual two-pointer scan that remembers the last star, so the
 * cost is linear for ordinary patterns and at worst length times length, never exponential (no
 * regular expressions, so no catastrophic backtracking on hostile input). A variable's value is
 * literal text: a {@code *} inside it matches only a star. A variable with no value in the request
 * and no default makes the pattern match nothing, as AWS documents; so does a multi-valued key.
 */
public final class Wildcard {
    private static final int STAR = -1;
    private static final int ONE = -2;

    private final String text;
    private final boolean ignoreCase;
    private final boolean globbing;
    /** The whole program when there are no variables; else {@code null}. */
    private final int[] program;
    /** With variables: int[] chunks and {@link Variable}s in order; else {@code null}. */
    private final Object[] parts;
    private final boolean matchesEverything;
    /** Fast paths for the common shapes: the whole pattern literal, or a literal then one trailing star. */
    private final String literal;
    private final String prefixBeforeStar;

    private record Variable(String lowerName, String defaultValue) {}

    private Wildcard(String text, boolean ignoreCase, boolean globbing, int[] program, Object[] parts) {
        this.text = text;
        this.ignoreCase = ignoreCase;
        this.globbing = globbing;
        this.program = program;
        this.parts = parts;
        this.matchesEverything = program != null && program.length > 0 && allStars(program);
        String lit = null;
        String prefix = null;
        if (program != null && !matchesEverything) {
            int wild = firstWildcard(program);
            if (wild < 0) {
                lit = chars(program, program.length);
            } else if (wild == program.length - 1 && program[wild] == STAR) {
                prefix = chars(program, wild);
            }
        }
        this.literal = lit;
        this.prefixBeforeStar = prefix;
    }

    private static int firstWildcard(int[] p) {
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0) {
                return i;
            }
        }
        return -1;
    }

    private static String chars(int[] p, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) p[i]);
        }
        return b.toString();
    }

    /**
     * Compiles {@code text}. {@code globbing}: whether {@code *} and {@code ?} are wildcards
     * ({@code StringLike}) or plain characters ({@code StringEquals}); {@code variables}: whether
     * {@code ${...}} is a policy variable (policy Version 2012-10-17) or plain text.
     */
    public static Wildcard compile(String text, boolean ignoreCase, boolean globbing, boolean variables) {
        List<Object> parts = new ArrayList<>();
        IntBuffer chunk = new IntBuffer(text.length());
        boolean hasVariables = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (variables && c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close > 0) {
                    String inner = text.substring(i + 2, close).trim();
                    if (inner.equals("*") || inner.equals("?") || inner.equals("$")) {
                        chunk.add(fold(inner.charAt(0), ignoreCase));
                        i = close + 1;
                        continue;
                    }
                    Variable v = parseVariable(inner);
                    if (v != null) {
                        if (chunk.size() > 0) {
                            parts.add(chunk.toArray());
                            chunk = new IntBuffer(text.length());
                        }
                        parts.add(v);
                        hasVariables = true;
                        i = close + 1;
                        continue;
                    }
                }
            }
            if (globbing && c == '*') {
                chunk.add(STAR);
            } else if (globbing && c == '?') {
                chunk.add(ONE);
            } else {
                chunk.add(fold(c, ignoreCase));
            }
            i++;
        }
        if (!hasVariables) {
            return new Wildcard(text, ignoreCase, globbing, chunk.toArray(), null);
        }
        if (chunk.size() > 0) {
            parts.add(chunk.toArray());
        }
        return new Wildcard(text, ignoreCase, globbing, null, parts.toArray());
    }

    /** {@code name} or {@code name, 'default'}; null when it is neither. */
    private static Variable parseVariable(String inner) {
        int comma = inner.indexOf(',');
        String name = comma < 0 ? inner : inner.substring(0, comma).trim();
        if (name.isEmpty()) {
            return null;
        }
        String defaultValue = null;
        if (comma >= 0) {
            String d = inner.substring(comma + 1).trim();
            if (d.length() < 2 || d.charAt(0) != '\'' || d.charAt(d.length() - 1) != '\'') {
                return null;
            }
            defaultValue = d.substring(1, d.length() - 1);
        }
        return new Variable(RequestContext.normalizeKey(name), defaultValue);
    }

    public String text() {
        return text;
    }

    /** True for {@code "*"} (and {@code "**"}...): matches any value without looking. */
    public boolean matchesEverything() {
        return matchesEverything;
    }

    public boolean hasVariables() {
        return parts != null;
    }

    /** Whether {@code value} matches, resolving variables from {@code request} (may be null without variables). */
    public boolean matches(String value, RequestContext request) {
        if (value == null) {
            return false;
        }
        if (matchesEverything) {
            return true;
        }
        if (literal != null) {
            return literal.length() == value.length() && sameChars(value, literal, literal.length());
        }
        if (prefixBeforeStar != null) {
            return value.length() >= prefixBeforeStar.length() && sameChars(value, prefixBeforeStar, prefixBeforeStar.length());
        }
        int[] p = program != null ? program : resolve(request);
        return p != null && run(p, value);
    }

    private int[] resolve(RequestContext request) {
        IntBuffer out = new IntBuffer(text.length() + 16);
        for (Object part : parts) {
            if (part instanceof int[] chunk) {
                out.addAll(chunk);
            } else {
                Variable v = (Variable) part;
                java.util.List<String> values = request == null ? null : request.valuesLower(v.lowerName());
                String value;
                if (values == null || values.isEmpty()) {
                    value = v.defaultValue(); // the default stands in for an absent key only
                } else if (values.size() == 1) {
                    value = values.get(0);
                } else {
                    return null; // a multi-valued key is no variable: fail closed
                }
                if (value == null) {
                    return null;
                }
                for (int k = 0; k < value.length(); k++) {
                    out.add(fold(value.charAt(k), ignoreCase));
                }
            }
        }
        return out.toArray();
    }

    private boolean run(int[] p, String s) {
        int n = s.length();
        int m = p.length;
        int si = 0;
        int pi = 0;
        int starP = -1;
        int starS = 0;
        while (si < n) {
            if (pi < m) {
                int pc = p[pi];
                if (pc == ONE || (pc >= 0 && pc == fold(s.charAt(si), ignoreCase))) {
                    si++;
                    pi++;
                    continue;
                }
                if (pc == STAR) {
                    starP = pi++;
                    starS = si;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            pi = starP + 1;
            si = ++starS;
        }
        while (pi < m && p[pi] == STAR) {
            pi++;
        }
        return pi == m;
    }

    /** The first {@code n} chars of {@code value} equal {@code folded} (already folded when ignoring case). */
    private boolean sameChars(String value, String folded, int n) {
        if (!ignoreCase) {
            return value.startsWith(folded);
        }
        for (int i = 0; i < n; i++) {
            if (fold(value.charAt(i), true) != folded.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int fold(char c, boolean ignoreCase) {
        return ignoreCase ? Character.toLowerCase(c) : c;
    }

    private static boolean allStars(int[] p) {
        for (int c : p) {
            if (c != STAR) {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits an ARN (or ARN pattern) into its six colon-separated fields, the last keeping any
     * further colons; colons inside {@code ${...}} do not split. Null when there are fewer than six.
     */
    static String[] arnFields(String arn, boolean variables) {
        String[] fields = new String[6];
        int start = 0;
        int field = 0;
        int depth = 0;
        for (int i = 0; i < arn.length() && field < 5; i++) {
            char c = arn.charAt(i);
            if (variables && c == '$' && i + 1 < arn.length() && arn.charAt(i + 1) == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == ':' && depth == 0) {
                fields[field++] = arn.substring(start, i);
                start = i + 1;
            }
        }
        if (field < 5) {
            return null;
        }
        fields[5] = arn.substring(start);
        return fields;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Wildcard w && w.text.equals(text) && w.ignoreCase == ignoreCase && w.globbing == globbing
                && (w.parts == null) == (parts == null);
    }

    @Override
    public int hashCode() {
        return text.hashCode() * 31 + (ignoreCase ? 1 : 0) + (globbing ? 2 : 0);
    }

    /** A growable int array, to keep compilation free of boxing. */
    private static final class IntBuffer {
        private int[] data;
        private int size;

        IntBuffer(int capacity) {
            data = new int[Math.max(4, capacity)];
        }

        void add(int v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        void addAll(int[] vs) {
            for (int v : vs) {
                add(v);
            }
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
