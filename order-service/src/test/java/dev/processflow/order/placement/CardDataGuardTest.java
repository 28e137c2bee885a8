package dev.processflow.order.placement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CardDataGuardTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void findsCardFieldNamesInAnySpellingAndDepth() throws Exception {
        assertThat(CardDataGuard.findCardData(json.readTree("""
                {"cardNumber": "x", "payment": {"card_number": "y", "CVC": 1, "nested": [{"Security-Code": 2}]}}""")))
                .containsExactlyInAnyOrder("cardNumber", "payment.card_number", "payment.CVC",
                        "payment.nested[0].Security-Code");
    }

    @Test
    void findsPanLikeNumbersAsTextOrNumber() throws Exception {
        assertThat(CardDataGuard.findCardData(json.readTree("""
                {"a": "4242424242424242", "b": 4111111111111111, "c": "4111 1111 1111 1111", "d": "5555-5555-5555-4444",
                 "e": ["note 378282246310005 inside"]}""")))
                .containsExactlyInAnyOrder("a", "b", "c", "d", "e[0]");
    }

    @Test
    void leavesOrdinaryOrdersAlone() throws Exception {
        assertThat(CardDataGuard.findCardData(json.readTree("""
                {"customer": {"email": "ada@example.com", "name": "Ada Lovelace"},
                 "items": [{"sku": "SKU-001", "quantity": 1000}], "paymentToken": "tok_visa",
                 "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "phone": "+44 20 7946 0958", "long": "12345678901234567890123"}""")))
                .isEmpty();
    }

    @Test
    void panDetectionNeedsThirteenToNineteenDigits() {
        assertThat(CardDataGuard.containsPan("123456789012")).isFalse();
        assertThat(CardDataGuard.containsPan("1234567890123")).isTrue();
        assertThat(CardDataGuard.containsPan("1234567890123456789")).isTrue();
        assertThat(CardDataGuard.containsPan("12345678901234567890")).isFalse();
    }
}
