package dev.processflow.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processflow.events.Money;
import dev.processflow.events.order.RejectionReason;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EmailFormatTest {

    @Test
    void moneyIsFormattedFromMinorUnitsWithTheCurrencysDecimals() {
        assertThat(EmailFormat.money(Money.of(2500, "EUR"))).isEqualTo("EUR 25.00");
        assertThat(EmailFormat.money(Money.of(2999, "EUR"))).isEqualTo("EUR 29.99");
        assertThat(EmailFormat.money(Money.of(5, "USD"))).isEqualTo("USD 0.05");
        assertThat(EmailFormat.money(Money.of(0, "GBP"))).isEqualTo("GBP 0.00");
        assertThat(EmailFormat.money(Money.of(123_456_789, "EUR"))).isEqualTo("EUR 1234567.89");
        assertThat(EmailFormat.money(Money.of(2500, "JPY"))).isEqualTo("JPY 2500");
        assertThat(EmailFormat.money(Money.of(1234, "BHD"))).isEqualTo("BHD 1.234");
    }

    @Test
    void currenciesWithoutKnownDecimalsFallBackToTwo() {
        assertThat(EmailFormat.money(Money.of(2500, "XAU"))).isEqualTo("XAU 25.00");
        assertThat(EmailFormat.money(Money.of(2500, "ZZZ"))).isEqualTo("ZZZ 25.00");
    }

    @Test
    void subjectsCarryTheShortOrderReference() {
        UUID orderId = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assertThat(EmailFormat.orderRef(orderId)).isEqualTo("7C9E6679");
        assertThat(EmailFormat.confirmationSubject(orderId)).isEqualTo("Your order 7C9E6679 is confirmed");
        assertThat(EmailFormat.rejectionSubject(orderId)).isEqualTo("Your order 7C9E6679 could not be completed");
    }

    @Test
    void reasonsReadAsSentences() {
        assertThat(EmailFormat.reason(RejectionReason.PAYMENT_DECLINED)).isEqualTo("Your payment was declined.");
        assertThat(EmailFormat.reason(RejectionReason.OUT_OF_STOCK)).isEqualTo("Some items are out of stock.");
        assertThat(EmailFormat.reason(RejectionReason.TIMEOUT)).isEqualTo("We could not complete your order in time.");
    }

    @Test
    void blankDetailsAreLeftOut() {
        assertThat(EmailFormat.detail(null)).isNull();
        assertThat(EmailFormat.detail("  ")).isNull();
        assertThat(EmailFormat.detail(" card_declined ")).isEqualTo("card_declined");
    }

    @Test
    void messageIdIsDerivedFromTheNotificationIdOnly() {
        UUID notificationId = UUID.fromString("00000000-0000-4000-8000-000000000042");
        assertThat(EmailFormat.messageId(notificationId, "processflow.dev"))
                .isEqualTo("<00000000-0000-4000-8000-000000000042@processflow.dev>")
                .isEqualTo(EmailFormat.messageId(notificationId, "processflow.dev"));
    }
}
