package keywatch.iam.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** Parsing of typed condition values, the same for the policy's values and the request's. */
final class PolicyValues {
    private static final DateTimeFormatter BASIC_UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");

    private PolicyValues() {}

    /** An integer or a decimal ({@code -12}, {@code 3.75}); null for anything else. */
    static BigDecimal number(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return null;
        }
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        int digits = 0;
        boolean dot = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return null;
            }
        }
        return digits == 0 ? null : new BigDecimal(s);
    }

    /**
     * A date in the forms AWS documents: ISO 8601 ({@code 2020-01-01}, {@code 2020-01-01T12:00:00Z},
     * with fractions or an offset; without a zone it is UTC), the compact {@code 20200101T120000Z},
     * or epoch seconds. Null for anything else.
     */
    static Instant date(String s) {
        if (s == null || s.isEmpty() || s.length() > 40) {
            return null;
        }
        String t = s.trim();
        boolean allDigits = !t.isEmpty();
        for (int i = (t.startsWith("-") ? 1 : 0); i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i))) {
                allDigits = false;
                break;
            }
        }
        try {
            if (allDigits && t.length() <= 12 && !t.equals("-")) {
                return Instant.ofEpochSecond(Long.parseLong(t));
            }
            if (t.indexOf('T') < 0) {
                return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (t.indexOf('-') < 0 && t.endsWith("Z")) {
                return LocalDateTime.parse(t, BASIC_UTC).toInstant(ZoneOffset.UTC);
            }
            String u = t;
            if (u.endsWith("z")) {
                u = u.substring(0, u.length() - 1) + "Z";
            }
            if (u.endsWith("Z") || hasOffset(u)) {
                return OffsetDateTime.parse(u).toInstant();
            }
            return LocalDateTime.parse(u).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    private static boolean hasOffset(String t) {
        int tIndex = t.indexOf('T');
        return t.indexOf('+', tIndex) > 0 || t.indexOf('-', tIndex) > 0;
    }

    /** {@code true} or {@code false} in any case; null otherwise. */
    static Boolean bool(String s) {
        if ("true".equalsIgnoreCase(s)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(s)) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** Base64 (standard alphabet); null when it is not. */
    static byte[] binary(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
