package dev.processflow.order.placement;

import dev.processflow.events.order.Customer;
import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The customer an order belongs to, taken from their verified token, never from the request body: the subject owns
 * the order, the verified {@code email} receives its outcome, the {@code name} greets them. A token without a
 * verified e-mail or a usable name cannot place orders (403, naming the claim).
 */
public final class CustomerClaims {

    static final int MAX_SUBJECT = 255;
    static final int MAX_EMAIL = 320;
    static final int MAX_NAME = 200;

    private CustomerClaims() {
    }

    public static Customer of(JsonWebToken token) {
        String subject = token.getSubject();
        String email = token.getClaim("email");
        Object verified = token.getClaim("email_verified");
        String name = token.getClaim("name");
        List<Problem.Violation> missing = new ArrayList<>();
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT) {
            missing.add(new Problem.Violation("sub", "must be 1 to " + MAX_SUBJECT + " characters"));
        }
        if (email == null || email.isBlank() || email.length() > MAX_EMAIL) {
            missing.add(new Problem.Violation("email", "must be an e-mail address of at most " + MAX_EMAIL + " characters"));
        } else if (!isTrue(verified)) {
            missing.add(new Problem.Violation("email_verified", "the e-mail address must be verified"));
        }
        if (name == null || name.isBlank()) {
            missing.add(new Problem.Violation("name", "must not be empty"));
        } else if (CardDataGuard.containsPan(name)) {
            // The name travels in events and e-mails: card data must not get there through the account either.
            missing.add(new Problem.Violation("name", "looks like card data"));
        }
        if (!missing.isEmpty()) {
            throw new ProblemException(Problem.of(403, "Sign-in profile unusable for orders",
                    "orders need a verified e-mail address and a name in your account").withViolations(missing));
        }
        String shownName = name.strip();
        return new Customer(subject, email.strip(), shownName.length() <= MAX_NAME ? shownName : shownName.substring(0, MAX_NAME));
    }

    /** quarkus-oidc hands boolean claims over as JSON values or booleans, depending on the token. */
    private static boolean isTrue(Object claim) {
        return claim != null && Boolean.parseBoolean(claim.toString());
    }
}
