package io.taskgate.server.login;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.schema.Schema;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real LDAP server for tests (UnboundID's in-memory directory on a random loopback port) holding
 * a few people, groups and a service account. It records the binds and searches that reach it, and
 * like some real servers it lets a bind with a DN and an empty password succeed as anonymous.
 */
public final class LdapTestServer implements AutoCloseable {

    public static final String BASE = "dc=example,dc=org";
    public static final String PEOPLE = "ou=people," + BASE;
    public static final String GROUPS = "ou=groups," + BASE;
    public static final String SERVICE_DN = "cn=taskgate,ou=services," + BASE;
    public static final String SERVICE_PASSWORD = "service-secret-1";
    public static final String ALICE_DN = "uid=alice," + PEOPLE;
    public static final String ALICE_PASSWORD = "alice-secret-1";
    public static final String BOB_PASSWORD = "bob-secret-1";
    public static final String SMITH_PASSWORD = "smith-secret-1";
    public static final String ANA_PASSWORD = "ana-secret-1";
    /** An entry one level deeper than people, which a DN injection through the template would reach. */
    public static final String ROBOT_DN = "uid=svc,ou=robots," + PEOPLE;
    public static final String ROBOT_PASSWORD = "robot-secret-1";

    public final InMemoryDirectoryServer server;
    /** The DN of every simple bind that reached the server, in order. */
    final List<String> binds = new CopyOnWriteArrayList<>();
    /** The filter of every search that reached the server, in order. */
    final List<String> searches = new CopyOnWriteArrayList<>();

    public LdapTestServer() throws Exception {
        this(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
    }

    LdapTestServer(InMemoryListenerConfig listener) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        // The standard schema lacks memberOf, which directories such as OpenLDAP (overlay) and AD add.
        config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), new Schema(new Entry("cn=schema",
                new Attribute("objectClass", "top", "subschema"),
                new Attribute("attributeTypes", "( 1.2.840.113556.1.2.102 NAME 'memberOf' "
                        + "EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )")))));
        config.setListenerConfigs(listener);
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
                SimpleBindRequest bind = request.getRequest();
                binds.add(bind.getBindDN());
                if (!bind.getBindDN().isEmpty() && bind.getPassword() != null && bind.getPassword().getValueLength() == 0) {
                    // RFC 4513 5.1.2: an "unauthenticated" bind; lenient servers answer success.
                    request.setRequest(new SimpleBindRequest());
                }
            }

            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                searches.add(request.getRequest().getFilter().toString());
            }
        });
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
        server.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
        server.add("dn: ou=robots," + PEOPLE, "objectClass: organizationalUnit", "ou: robots");
        server.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
        server.add("dn: ou=services," + BASE, "objectClass: organizationalUnit", "ou: services");
        server.add("dn: " + SERVICE_DN, "objectClass: person", "cn: taskgate", "sn: service", "userPassword: " + SERVICE_PASSWORD);
        person("alice", ALICE_PASSWORD, "ops", "devs");
        person("bob", BOB_PASSWORD);
        person("smith, j", SMITH_PASSWORD, "ops");
        person("ana maría", ANA_PASSWORD, "devs");
        server.add("dn: " + ROBOT_DN, "objectClass: inetOrgPerson", "uid: svc", "cn: svc", "sn: svc", "userPassword: " + ROBOT_PASSWORD);
        group("ops", "uid=alice," + PEOPLE, "uid=smith\\, j," + PEOPLE);
        group("devs", "uid=alice," + PEOPLE, "uid=ana mar\\C3\\ADa," + PEOPLE);
        group("nobody-here", SERVICE_DN);
        server.startListening();
    }

    /** A person under ou=people with memberOf values naming the given groups. */
    public void person(String uid, String password, String... groups) throws LDAPException {
        Entry e = new Entry(new DN(new RDN("uid", uid), new DN(PEOPLE)));
        e.addAttribute("objectClass", "inetOrgPerson", "extensibleObject");
        e.addAttribute("uid", uid);
        e.addAttribute("cn", uid);
        e.addAttribute("sn", uid);
        e.addAttribute("userPassword", password);
        e.addAttribute("mail", uid.replaceAll("[^a-z]", "") + "@example.org");
        for (String g : groups) {
            e.addAttribute("memberOf", "cn=" + g + "," + GROUPS);
        }
        server.add(e);
    }

    private void group(String cn, String... members) throws LDAPException {
        Entry e = new Entry("cn=" + cn + "," + GROUPS);
        e.addAttribute("objectClass", "groupOfNames");
        e.addAttribute("cn", cn);
        e.addAttribute("member", members);
        server.add(e);
    }

    public int port() {
        return server.getListenPort();
    }

    public String url() {
        return "ldap://127.0.0.1:" + port();
    }

    /** Template mode with anonymous reads and memberOf groups, plus {@code extra} JSON members. */
    public String templateJson(String extra) {
        return "{\"url\":\"" + url() + "\",\"userDnTemplate\":\"uid={username}," + PEOPLE + "\"" + extra + "}";
    }

    /** Search mode with the service account, plus {@code extra} JSON members. */
    public String searchJson(String extra) {
        return "{\"url\":\"" + url() + "\",\"bindDn\":\"" + SERVICE_DN + "\",\"bindPassword\":\"" + SERVICE_PASSWORD
                + "\",\"userSearchBase\":\"" + PEOPLE + "\",\"userSearchFilter\":\"(&(objectClass=inetOrgPerson)(uid={username}))\""
                + extra + "}";
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
