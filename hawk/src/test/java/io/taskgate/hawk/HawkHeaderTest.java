package io.taskgate.hawk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hawk's header grammar and its messages. */
class HawkHeaderTest {

    @Test
    void parsesEveryAttribute() throws Exception {
        HawkHeader h = HawkHeader.parse("Hawk id=\"a/b\", ts=\"1\", nonce=\"n\", hash=\"h=\", ext=\"e\", mac=\"m+/=\"");
        assertThat(h).isEqualTo(new HawkHeader("a/b", "1", "n", Optional.of("h="), Optional.of("e"), "m+/="));
        assertThat(HawkHeader.parse("hawk id=\"a\",ts=\"1\",nonce=\"n\",mac=\"m\"").id()).isEqualTo("a");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "'Hawk'                                                              | Bad Request: Invalid header syntax",
        "'Hawk '                                                             | Bad Request: Invalid header syntax",
        "'Basic dXNlcjpwYXNz'                                                | Unauthorized",
        "'Hawk id=\"a\", ts=\"1\", nonce=\"n\"'                              | Bad Request: Missing attributes",
        "'Hawk id=\"a\", ts=\"1\", nonce=\"n\", mac=\"m\", foo=\"x\"'        | Bad Request: Unknown attribute: foo",
        "'Hawk id=\"a\", id=\"b\", ts=\"1\", nonce=\"n\", mac=\"m\"'         | Bad Request: Duplicate attribute: id",
        "'Hawk id=\"\u00e9\", ts=\"1\", nonce=\"n\", mac=\"m\"'              | Bad Request: Bad attribute value: id",
        "'Hawk id=\"\", ts=\"1\", nonce=\"n\", mac=\"m\"'                    | Bad Request: Bad attribute value: id",
        "'Hawk id=a, ts=\"1\", nonce=\"n\", mac=\"m\"'                       | Bad Request: Bad header format",
        "'Hawk id=\"a\" ts=\"1\" junk'                                       | Bad Request: Bad header format",
    })
    void malformedHeaders_getHawksMessages(String header, String message) {
        assertThatThrownBy(() -> HawkHeader.parse(header)).isInstanceOf(HawkException.class).hasMessage(message);
    }

    @Test
    void overlongHeader_isRefusedBeforeParsing() {
        String header = "Hawk id=\"" + "a".repeat(HawkHeader.MAX_LENGTH) + "\", ts=\"1\", nonce=\"n\", mac=\"m\"";
        assertThatThrownBy(() -> HawkHeader.parse(header)).hasMessage("Bad Request: Header length too long");
    }

    @Test
    void isHawk_looksOnlyAtTheScheme() {
        assertThat(HawkHeader.isHawk("Hawk id=\"x\"")).isTrue();
        assertThat(HawkHeader.isHawk("HAWK anything")).isTrue();
        assertThat(HawkHeader.isHawk("Bearer abc")).isFalse();
    }
}
