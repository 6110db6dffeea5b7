package io.taskgate.server.login;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import io.taskgate.scopes.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How Taskgate reaches an LDAP directory that vouches for people ({@code TASKGATE_LDAP}): where the
 * directory is, how a username becomes the DN to bind as (a template, or a search with a service
 * account), and where the person's groups come from ({@code memberOf}, or a group search).
 *
 * <p>Templates and filters hold the placeholders {@code {username}} and (group filter only)
 * {@code {dn}}; {@link LdapDirectory} escapes what it puts in them.
 *
 * @param bindDn the service account, if any; without one, searches and reads are anonymous
 * @param userSearchFilter used only with {@code userSearchBase}; it must compare
 *     {@code usernameAttribute} with {@code {username}}
 * @param usernameAttribute the attribute whose value becomes the login name, so that the name is
 *     spelled as the directory spells it whatever the case the person typed. It is the attribute that
 *     holds {@code {username}} in the template or is compared with it in the filter, so that
 *     {@link LdapDirectory#lookup} finds a user again by the name that authenticate gave.
 * @param memberOfAttribute read with {@link GroupSource#MEMBER_OF}; each value is a group's DN
 */
public record LdapSettings(
        String name,
        String url,
        boolean startTls,
        Optional<String> userDnTemplate,
        Optional<String> bindDn,
        Optional<String> bindPassword,
        Optional<String> userSearchBase,
        String userSearchFilter,
        String usernameAttribute,
        GroupSource groupSource,
        String memberOfAttribute,
        Optional<String> groupSearchBase,
        String groupSearchFilter,
        String groupNameAttribute,
        Duration connectTimeout,
        Duration responseTimeout) {

    /** Where a person's groups are read from. */
    public enum GroupSource {
        /** An attribute of the person's entry that lists the DNs of their groups. */
        MEMBER_OF,
        /** A search for group entries whose member attribute names the person. */
        SEARCH
    }

    static final String ENV = "TASKGATE_LDAP";
    static final String USERNAME = "{username}";
    static final String DN_PLACEHOLDER = "{dn}";

    private static final List<String> KEYS = List.of("name", "url", "startTls", "userDnTemplate", "bindDn", "bindPassword",
            "userSearchBase", "userSearchFilter", "usernameAttribute", "groupSource", "memberOfAttribute", "groupSearchBase",
            "groupSearchFilter", "groupNameAttribute", "connectTimeoutSeconds", "responseTimeoutSeconds");
    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    /** An attribute type: a name (RFC 4512 descr) or a numeric OID. */
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}|[0-9]+(\\.[0-9]+)+");
    private static final long MAX_TIMEOUT_SECONDS = 300;

    public LdapSettings {
        if (name == null || !PROVIDER.matcher(name).matches()) {
            throw invalid("name must be 1 to 32 characters of [a-z0-9_-], starting with a letter or digit");
        }
        checkUrl(url);
        if (startTls && isLdaps(url)) {
            throw invalid("startTls must be false with an ldaps:// url, which is TLS from the start");
        }
        if (userDnTemplate.isPresent() == userSearchBase.isPresent()) {
            throw new IllegalArgumentException(ENV + " needs exactly one of userDnTemplate (bind to a DN built from the username) "
                    + "and userSearchBase (search for the user with the service account)");
        }
        checkAttribute("usernameAttribute", usernameAttribute);
        userDnTemplate.ifPresent(t -> {
            Optional<String> holder = usernameAttributeOf(t);
            if (holder.isEmpty()) {
                throw invalid("userDnTemplate must be a DN with {username} as a whole attribute value, "
                        + "such as uid={username},ou=people,dc=example,dc=org");
            }
            if (!holder.get().equalsIgnoreCase(usernameAttribute)) {
                throw invalid("usernameAttribute must be " + holder.get() + ", the attribute that holds {username} in userDnTemplate");
            }
        });
        if (bindDn.isPresent() != bindPassword.isPresent()) {
            throw invalid(bindDn.isPresent() ? "bindPassword is needed with bindDn" : "bindDn is needed with bindPassword");
        }
        if (bindDn.isPresent() && (bindDn.get().isBlank() || !isDn(bindDn.get()))) {
            throw invalid("bindDn must be a DN, such as cn=taskgate,ou=services,dc=example,dc=org");
        }
        // An empty password turns a bind into an unauthenticated one, which many servers let succeed.
        if (bindPassword.isPresent() && bindPassword.get().isEmpty()) {
            throw invalid("bindPassword must not be empty");
        }
        if (userSearchBase.isPresent() && !isDn(userSearchBase.get())) {
            throw invalid("userSearchBase must be a DN, such as ou=people,dc=example,dc=org");
        }
        if (!userSearchFilter.contains(USERNAME) || !isFilter(userSearchFilter.replace(USERNAME, "x"))) {
            throw invalid("userSearchFilter must be an LDAP filter holding {username}, such as (uid={username})");
        }
        // lookup() searches with the name authenticate() gave, which is a value of usernameAttribute.
        if (userSearchBase.isPresent() && !comparesWithUsername(userSearchFilter, usernameAttribute)) {
            throw invalid("userSearchFilter must hold (" + usernameAttribute + "={username}), so that a user is found again "
                    + "by the name that sign-in gave; or set usernameAttribute to the attribute it compares");
        }
        checkAttribute("memberOfAttribute", memberOfAttribute);
        checkAttribute("groupNameAttribute", groupNameAttribute);
        if (groupSource == GroupSource.SEARCH && groupSearchBase.isEmpty()) {
            throw invalid("groupSearchBase is needed with groupSource search");
        }
        if (groupSearchBase.isPresent() && !isDn(groupSearchBase.get())) {
            throw invalid("groupSearchBase must be a DN, such as ou=groups,dc=example,dc=org");
        }
        if (!(groupSearchFilter.contains(DN_PLACEHOLDER) || groupSearchFilter.contains(USERNAME))
                || !isFilter(groupSearchFilter.replace(DN_PLACEHOLDER, "x").replace(USERNAME, "x"))) {
            throw invalid("groupSearchFilter must be an LDAP filter holding {dn} or {username}, such as (member={dn})");
        }
        checkTimeout("connectTimeoutSeconds", connectTimeout);
        checkTimeout("responseTimeoutSeconds", responseTimeout);
    }

    /**
     * Reads the value of {@code TASKGATE_LDAP}: a JSON object with the keys documented in
     * {@code docs/configuration.md}. Unknown keys are refused, so that a misspelt key is not quietly
     * ignored.
     *
     * @throws IllegalArgumentException naming the key at fault; the message never holds a password
     */
    public static LdapSettings parse(String json) {
        Object tree;
        try {
            tree = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV + ": " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(ENV + " must be a JSON object");
        }
        for (Object key : m.keySet()) {
            if (!KEYS.contains(key)) {
                throw invalid(key + " is not a known key; the keys are " + String.join(", ", KEYS));
            }
        }
        Optional<String> userSearchBase = string(m, "userSearchBase");
        Optional<String> userSearchFilter = string(m, "userSearchFilter");
        if (userSearchFilter.isPresent() && userSearchBase.isEmpty()) {
            throw invalid("userSearchFilter applies only with userSearchBase");
        }
        GroupSource source = switch (string(m, "groupSource").orElse("memberOf")) {
            case "memberOf" -> GroupSource.MEMBER_OF;
            case "search" -> GroupSource.SEARCH;
            default -> throw invalid("groupSource must be memberOf or search");
        };
        for (String key : List.of("groupSearchBase", "groupSearchFilter", "groupNameAttribute")) {
            if (source == GroupSource.MEMBER_OF && m.get(key) != null) {
                throw invalid(key + " applies only with groupSource search");
            }
        }
        if (source == GroupSource.SEARCH && m.get("memberOfAttribute") != null) {
            throw invalid("memberOfAttribute applies only with groupSource memberOf");
        }
        Optional<String> userDnTemplate = string(m, "userDnTemplate");
        String usernameAttribute = string(m, "usernameAttribute")
                .orElseGet(() -> userDnTemplate.flatMap(LdapSettings::usernameAttributeOf).orElse("uid"));
        return new LdapSettings(
                string(m, "name").orElse("ldap"),
                string(m, "url").orElseThrow(() -> invalid("url is required, such as ldaps://ldap.example.org")),
                bool(m, "startTls"),
                userDnTemplate,
                string(m, "bindDn"),
                string(m, "bindPassword"),
                userSearchBase,
                userSearchFilter.orElse("(" + usernameAttribute + "=" + USERNAME + ")"),
                usernameAttribute,
                source,
                string(m, "memberOfAttribute").orElse("memberOf"),
                string(m, "groupSearchBase"),
                string(m, "groupSearchFilter").orElse("(member={dn})"),
                string(m, "groupNameAttribute").orElse("cn"),
                seconds(m, "connectTimeoutSeconds"),
                seconds(m, "responseTimeoutSeconds"));
    }

    /** True for {@code ldaps://}: TLS from the first byte. */
    public boolean ldaps() {
        return isLdaps(url);
    }

    /** The directory's host name or address, without IPv6 brackets. */
    public String host() {
        String host = URI.create(url).getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port from the url, else 636 for ldaps and 389 for ldap. */
    public int port() {
        int port = URI.create(url).getPort();
        return port != -1 ? port : ldaps() ? 636 : 389;
    }

    /** The service account's password never appears here. */
    @Override
    public String toString() {
        return "LdapSettings[name=" + name + ", url=" + url + ", startTls=" + startTls + ", userDnTemplate=" + userDnTemplate
                + ", bindDn=" + bindDn + ", bindPassword=" + bindPassword.map(p -> "(hidden)") + ", userSearchBase="
                + userSearchBase + ", userSearchFilter=" + userSearchFilter + ", usernameAttribute=" + usernameAttribute
                + ", groupSource=" + groupSource + ", memberOfAttribute=" + memberOfAttribute + ", groupSearchBase="
                + groupSearchBase + ", groupSearchFilter=" + groupSearchFilter + ", groupNameAttribute=" + groupNameAttribute
                + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout + "]";
    }

    private static void checkUrl(String url) {
        if (url == null || !(isLdaps(url) || url.toLowerCase(Locale.ROOT).startsWith("ldap://"))) {
            throw invalid("url must start with ldap:// or ldaps://");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("url is not a valid URL: " + e.getReason());
        }
        boolean bare = uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawQuery() == null
                && uri.getRawFragment() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
        if (!bare) {
            throw invalid("url must be ldap://host[:port] or ldaps://host[:port], with no base DN, options or credentials");
        }
    }

    private static boolean isLdaps(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith("ldaps://");
    }

    private static boolean isDn(String s) {
        try {
            new DN(s);
            return true;
        } catch (LDAPException e) {
            return false;
        }
    }

    /**
     * The attribute whose entire value is {@code {username}} in the template, so that a username
     * can only ever be one value and never add RDNs; empty if the template is no DN or has none.
     */
    private static Optional<String> usernameAttributeOf(String template) {
        try {
            for (RDN rdn : new DN(template).getRDNs()) {
                for (int i = 0; i < rdn.getAttributeValues().length; i++) {
                    if (rdn.getAttributeValues()[i].equals(USERNAME)) {
                        return Optional.of(rdn.getAttributeNames()[i]);
                    }
                }
            }
            return Optional.empty();
        } catch (LDAPException e) {
            return Optional.empty();
        }
    }

    /** Whether the filter holds the equality {@code (<attribute>={username})}, outside any NOT. */
    private static boolean comparesWithUsername(String filter, String attribute) {
        try {
            return comparesWithUsername(Filter.create(filter), attribute);
        } catch (LDAPException e) {
            return false;
        }
    }

    private static boolean comparesWithUsername(Filter f, String attribute) {
        return switch (f.getFilterType()) {
            case Filter.FILTER_TYPE_AND, Filter.FILTER_TYPE_OR ->
                    List.of(f.getComponents()).stream().anyMatch(c -> comparesWithUsername(c, attribute));
            case Filter.FILTER_TYPE_EQUALITY -> f.getAttributeName().equalsIgnoreCase(attribute) && USERNAME.equals(f.getAssertionValue());
            default -> false;
        };
    }

    private static boolean isFilter(String s) {
        try {
            Filter.create(s);
            return true;
        } catch (LDAPException e) {
            return false;
        }
    }

    private static void checkAttribute(String key, String value) {
        if (value == null || !ATTRIBUTE.matcher(value).matches()) {
            throw invalid(key + " must be an attribute name, such as uid or cn");
        }
    }

    private static void checkTimeout(String key, Duration d) {
        if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofSeconds(MAX_TIMEOUT_SECONDS)) > 0) {
            throw invalid(key + " must be from 1 to " + MAX_TIMEOUT_SECONDS + " (seconds)");
        }
    }

    private static Optional<String> string(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw invalid(key + " must be a string");
        }
        return Optional.of(s);
    }

    private static boolean bool(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw invalid(key + " must be true or false");
        }
        return b;
    }

    private static Duration seconds(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return Duration.ofSeconds(5);
        }
        if (!(v instanceof Double d) || d != Math.rint(d) || d < 1 || d > MAX_TIMEOUT_SECONDS) {
            throw invalid(key + " must be a whole number from 1 to " + MAX_TIMEOUT_SECONDS);
        }
        return Duration.ofSeconds(d.longValue());
    }

    private static IllegalArgumentException invalid(String what) {
        return new IllegalArgumentException(ENV + "." + what);
    }
}
