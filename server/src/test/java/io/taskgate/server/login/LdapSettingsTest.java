package io.taskgate.server.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LdapSettingsTest {

    private static final String TEMPLATE = "\"userDnTemplate\":\"uid={username},ou=people,dc=example,dc=org\"";
    private static final String SEARCH = "\"bindDn\":\"cn=svc,dc=example,dc=org\",\"bindPassword\":\"hunter2-service\","
            + "\"userSearchBase\":\"ou=people,dc=example,dc=org\"";

    @Test
    void templateMode_takesTheDefaults() {
        LdapSettings s = LdapSettings.parse("{\"url\":\"ldap://ldap.example.org\"," + TEMPLATE + "}");

        assertThat(s.name()).isEqualTo("ldap");
        assertThat(s.host()).isEqualTo("ldap.example.org");
        assertThat(s.port()).isEqualTo(389);
        assertThat(s.ldaps()).isFalse();
        assertThat(s.startTls()).isFalse();
        assertThat(s.bindDn()).isEmpty();
        assertThat(s.userSearchBase()).isEmpty();
        assertThat(s.usernameAttribute()).isEqualTo("uid");
        assertThat(s.groupSource()).isEqualTo(LdapSettings.GroupSource.MEMBER_OF);
        assertThat(s.memberOfAttribute()).isEqualTo("memberOf");
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.responseTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void searchMode_withGroupSearch_readsEveryKey() {
        LdapSettings s = LdapSettings.parse("{\"name\":\"corp\",\"url\":\"ldaps://[::1]\"," + SEARCH
                + ",\"userSearchFilter\":\"(sAMAccountName={username})\",\"usernameAttribute\":\"sAMAccountName\","
                + "\"groupSource\":\"search\",\"groupSearchBase\":\"ou=groups,dc=example,dc=org\","
                + "\"groupSearchFilter\":\"(memberUid={username})\",\"groupNameAttribute\":\"ou\","
                + "\"connectTimeoutSeconds\":2,\"responseTimeoutSeconds\":30}");

        assertThat(s.name()).isEqualTo("corp");
        assertThat(s.ldaps()).isTrue();
        assertThat(s.host()).isEqualTo("::1");
        assertThat(s.port()).isEqualTo(636);
        assertThat(s.bindDn()).contains("cn=svc,dc=example,dc=org");
        assertThat(s.bindPassword()).contains("hunter2-service");
        assertThat(s.userSearchBase()).contains("ou=people,dc=example,dc=org");
        assertThat(s.userSearchFilter()).isEqualTo("(sAMAccountName={username})");
        assertThat(s.usernameAttribute()).isEqualTo("sAMAccountName");
        assertThat(s.groupSource()).isEqualTo(LdapSettings.GroupSource.SEARCH);
        assertThat(s.groupSearchBase()).contains("ou=groups,dc=example,dc=org");
        assertThat(s.groupSearchFilter()).isEqualTo("(memberUid={username})");
        assertThat(s.groupNameAttribute()).isEqualTo("ou");
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void searchMode_defaultsToUidAndMemberDn() {
        LdapSettings s = LdapSettings.parse("{\"url\":\"ldap://h:1389\",\"startTls\":true," + SEARCH
                + ",\"groupSource\":\"search\",\"groupSearchBase\":\"ou=groups,dc=example,dc=org\"}");

        assertThat(s.port()).isEqualTo(1389);
        assertThat(s.startTls()).isTrue();
        assertThat(s.userSearchFilter()).isEqualTo("(uid={username})");
        assertThat(s.groupSearchFilter()).isEqualTo("(member={dn})");
        assertThat(s.groupNameAttribute()).isEqualTo("cn");
    }

    @Test
    void usernameAttribute_defaultsToTheOneInTheTemplate_orInTheDefaultFilter() {
        assertThat(LdapSettings.parse("{\"url\":\"ldap://h\",\"userDnTemplate\":\"cn={username},dc=example,dc=org\"}")
                .usernameAttribute()).isEqualTo("cn");
        LdapSettings ad = LdapSettings.parse("{\"url\":\"ldap://h\"," + SEARCH + ",\"usernameAttribute\":\"sAMAccountName\"}");
        assertThat(ad.userSearchFilter()).isEqualTo("(sAMAccountName={username})");
    }

    @Test
    void userSearchFilter_mayMatchOtherAttributesToo() {
        LdapSettings s = LdapSettings.parse("{\"url\":\"ldap://h\"," + SEARCH
                + ",\"userSearchFilter\":\"(&(objectClass=person)(|(mail={username})(UID={username})))\"}");

        assertThat(s.usernameAttribute()).isEqualTo("uid");
    }

    @Test
    void toString_hidesTheServicePassword() {
        LdapSettings s = LdapSettings.parse("{\"url\":\"ldap://h\"," + SEARCH + "}");

        assertThat(s.toString()).contains("cn=svc,dc=example,dc=org").doesNotContain("hunter2-service");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"url":"http://h",TEMPLATE}                                    | TASKGATE_LDAP.url must start with ldap:// or ldaps://
            {TEMPLATE}                                                     | TASKGATE_LDAP.url is required
            {"url":"ldap://h/dc=example,dc=org",TEMPLATE}                  | TASKGATE_LDAP.url must be ldap://host[:port]
            {"url":"ldap://user:pw@h",TEMPLATE}                            | TASKGATE_LDAP.url must be ldap://host[:port]
            {"url":"ldap:///",TEMPLATE}                                    | TASKGATE_LDAP.url must be ldap://host[:port]
            {"url":"ldap://h",TEMPLATE,"name":"Corp LDAP"}                 | TASKGATE_LDAP.name must be 1 to 32 characters
            {"url":"ldap://h",TEMPLATE,"name":""}                          | TASKGATE_LDAP.name must be 1 to 32 characters
            {"url":"ldaps://h",TEMPLATE,"startTls":true}                   | TASKGATE_LDAP.startTls must be false with an ldaps:// url
            {"url":"ldap://h",TEMPLATE,"startTls":"yes"}                   | TASKGATE_LDAP.startTls must be true or false
            {"url":"ldap://h"}                                             | TASKGATE_LDAP needs exactly one of userDnTemplate
            {"url":"ldap://h",TEMPLATE,SEARCH}                             | TASKGATE_LDAP needs exactly one of userDnTemplate
            {"url":"ldap://h","userDnTemplate":"uid=alice,dc=org"}         | TASKGATE_LDAP.userDnTemplate must be a DN with {username}
            {"url":"ldap://h","userDnTemplate":"uid=x{username},dc=org"}   | TASKGATE_LDAP.userDnTemplate must be a DN with {username}
            {"url":"ldap://h","userDnTemplate":"{username}@example.org"}   | TASKGATE_LDAP.userDnTemplate must be a DN with {username}
            {"url":"ldap://h",TEMPLATE,"bindDn":"cn=svc"}                  | TASKGATE_LDAP.bindPassword is needed with bindDn
            {"url":"ldap://h",TEMPLATE,"bindPassword":"pw-secret"}         | TASKGATE_LDAP.bindDn is needed with bindPassword
            {"url":"ldap://h",TEMPLATE,"bindDn":"cn=svc","bindPassword":""} | TASKGATE_LDAP.bindPassword must not be empty
            {"url":"ldap://h",TEMPLATE,"bindDn":"not a dn","bindPassword":"pw-secret"} | TASKGATE_LDAP.bindDn must be a DN
            {"url":"ldap://h",TEMPLATE,"bindDn":7,"bindPassword":"pw-secret"} | TASKGATE_LDAP.bindDn must be a string
            {"url":"ldap://h","userSearchBase":"not a dn"}                 | TASKGATE_LDAP.userSearchBase must be a DN
            {"url":"ldap://h",SEARCH,"userSearchFilter":"(uid=alice)"}     | TASKGATE_LDAP.userSearchFilter must be an LDAP filter holding {username}
            {"url":"ldap://h",SEARCH,"userSearchFilter":"(uid={username}"} | TASKGATE_LDAP.userSearchFilter must be an LDAP filter holding {username}
            {"url":"ldap://h",SEARCH,"userSearchFilter":"(mail={username})"} | TASKGATE_LDAP.userSearchFilter must hold (uid={username})
            {"url":"ldap://h",SEARCH,"userSearchFilter":"(!(uid={username}))"} | TASKGATE_LDAP.userSearchFilter must hold (uid={username})
            {"url":"ldap://h",SEARCH,"userSearchFilter":"(uid={username}*)"} | TASKGATE_LDAP.userSearchFilter must hold (uid={username})
            {"url":"ldap://h",TEMPLATE,"usernameAttribute":"cn"}           | TASKGATE_LDAP.usernameAttribute must be uid, the attribute that holds {username}
            {"url":"ldap://h",TEMPLATE,"userSearchFilter":"(uid={username})"} | TASKGATE_LDAP.userSearchFilter applies only with userSearchBase
            {"url":"ldap://h",TEMPLATE,"usernameAttribute":"u id"}         | TASKGATE_LDAP.usernameAttribute must be an attribute name
            {"url":"ldap://h",TEMPLATE,"groupSource":"groups"}             | TASKGATE_LDAP.groupSource must be memberOf or search
            {"url":"ldap://h",TEMPLATE,"groupSource":"search"}             | TASKGATE_LDAP.groupSearchBase is needed with groupSource search
            {"url":"ldap://h",TEMPLATE,"groupSearchBase":"ou=g,dc=org"}    | TASKGATE_LDAP.groupSearchBase applies only with groupSource search
            {"url":"ldap://h",TEMPLATE,"groupNameAttribute":"ou"}          | TASKGATE_LDAP.groupNameAttribute applies only with groupSource search
            {"url":"ldap://h",TEMPLATE,"groupSource":"search","groupSearchBase":"ou=g,dc=org","memberOfAttribute":"isMemberOf"} | TASKGATE_LDAP.memberOfAttribute applies only with groupSource memberOf
            {"url":"ldap://h",TEMPLATE,"groupSource":"search","groupSearchBase":"ou=g,dc=org","groupSearchFilter":"(member=x)"} | TASKGATE_LDAP.groupSearchFilter must be an LDAP filter holding {dn} or {username}
            {"url":"ldap://h",TEMPLATE,"memberOfAttribute":"member of"}    | TASKGATE_LDAP.memberOfAttribute must be an attribute name
            {"url":"ldap://h",TEMPLATE,"connectTimeoutSeconds":0}          | TASKGATE_LDAP.connectTimeoutSeconds must be a whole number from 1 to 300
            {"url":"ldap://h",TEMPLATE,"responseTimeoutSeconds":1.5}       | TASKGATE_LDAP.responseTimeoutSeconds must be a whole number from 1 to 300
            {"url":"ldap://h",TEMPLATE,"responseTimeoutSeconds":"5"}       | TASKGATE_LDAP.responseTimeoutSeconds must be a whole number from 1 to 300
            {"url":"ldap://h",TEMPLATE,"userDNTemplate":"x"}               | TASKGATE_LDAP.userDNTemplate is not a known key
            [{"url":"ldap://h"}]                                           | TASKGATE_LDAP must be a JSON object
            {"url":"ldap://h",                                             | TASKGATE_LDAP: invalid JSON
            """)
    void invalidSettings_nameTheKeyAtFault(String json, String message) {
        String full = json.replace("TEMPLATE", TEMPLATE).replace("SEARCH", SEARCH);

        assertThatThrownBy(() -> LdapSettings.parse(full)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message)
                .hasMessageNotContaining("hunter2-service").hasMessageNotContaining("pw-secret");
    }

    @Test
    void nullJsonValues_countAsAbsent() {
        LdapSettings s = LdapSettings.parse("{\"url\":\"ldap://h\"," + TEMPLATE + ",\"bindDn\":null,\"bindPassword\":null}");

        assertThat(s.bindDn()).isEqualTo(Optional.empty());
    }
}
