package io.tandem.proxy.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RouteHintTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /* tandem:primary */           | PRIMARY
            /*tandem:replica*/             | REPLICA
            /* Tandem:Replica */           | REPLICA
            -- tandem:replica              | REPLICA
            '# tandem:primary'             | PRIMARY
            /* app=shop tandem:replica */  | REPLICA
            /* tandem:replica_x */         | NONE
            /* tandem:primaryish */        | NONE
            /* tandem: primary */          | NONE
            /* tandem:replica tandem:primary */ | PRIMARY
            /* a comment */                | NONE
            /* tandem: */                  | NONE
            """)
    void readsTheDirective(String comment, RouteHint expected) {
        assertThat(RouteHint.in(comment, 0, comment.length())).isEqualTo(expected);
    }
}
