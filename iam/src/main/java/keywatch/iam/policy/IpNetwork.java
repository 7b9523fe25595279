package keywatch.iam.policy;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}); a bare
 * address is a /32 or /128. Parsed by hand: {@code InetAddress.getByName} would resolve host names
 * over DNS, which a policy evaluator must never do.
 */
public record IpNetwork(byte[] address, int prefixBits) {

    /** Parses CIDR or a bare address; {@code null} when it is neither. */
    public static IpNetwork parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        byte[] addr = parseAddress(slash < 0 ? s : s.substring(0, slash));
        if (addr == null) {
            return null;
        }
        int max = addr.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                return null;
            }
        }
        return new IpNetwork(addr, prefix);
    }

    /** Whether the address {@code ip} lies in this network; false for anything that is not an address. */
    public boolean contains(String ip) {
        if (ip == null || ip.indexOf('/') >= 0) {
            return false;
        }
        byte[] a = parseAddress(ip.trim());
        if (a == null) {
            return false;
        }
        if (a.length == 16 && address.length == 4 && isIpv4Mapped(a)) {
            a = Arrays.copyOfRange(a, 12, 16);
        }
        if (a.length != address.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != address[i]) {
                return false;
            }
        }
        int rem = prefixBits % 8;
        if (rem == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rem)) & 0xFF;
        return (a[full] & mask) == (address[full] & mask);
    }

    private static boolean isIpv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    static byte[] parseAddress(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        return s.indexOf(':') >= 0 ? parseIpv6(s) : parseIpv4(s);
    }

    private static byte[] parseIpv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return null;
                }
                value = value * 10 + (c - '0');
            } else if (c == '.') {
                if (digits == 0 || value > 255 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap < 0 ? s : s.substring(0, gap);
        String tail = gap < 0 ? "" : s.substring(gap + 2);
        byte[] headBytes = groups(head, gap < 0);
        byte[] tailBytes = groups(tail, true);
        if (headBytes == null || tailBytes == null) {
            return null;
        }
        int total = headBytes.length + tailBytes.length;
        if ((gap < 0 && total != 16) || (gap >= 0 && total > 14)) {
            return null;
        }
        byte[] out = new byte[16];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(tailBytes, 0, out, 16 - tailBytes.length, tailBytes.length);
        return out;
    }

    /** Colon-separated hex groups; the last may be dotted IPv4 when {@code mayEndInIpv4}. */
    private static byte[] groups(String s, boolean mayEndInIpv4) {
        if (s.isEmpty()) {
            return new byte[0];
        }
        String[] parts = s.split(":", -1);
        byte[] out = new byte[parts.length * 2 + 2];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String g = parts[i];
            if (i == parts.length - 1 && mayEndInIpv4 && g.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(g);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, n, 4);
                n += 4;
                continue;
            }
            if (g.isEmpty() || g.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < g.length(); k++) {
                int d = Character.digit(g.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[n++] = (byte) (v >> 8);
            out[n++] = (byte) v;
        }
        return n > 16 ? null : Arrays.copyOf(out, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpNetwork other && other.prefixBits == prefixBits && Arrays.equals(other.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + prefixBits;
    }

    @Override
    public String toString() {
        return "IpNetwork[" + Arrays.toString(address) + "/" + prefixBits + "]";
    }
}
