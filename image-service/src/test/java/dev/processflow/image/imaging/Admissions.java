package dev.processflow.image.imaging;

/** Admissions for tests that decode outside any budget. */
final class Admissions {

    /** Admits every decode at once. */
    static final DecodeAdmission UNBOUNDED = cost -> () -> { };

    private Admissions() {
    }
}
