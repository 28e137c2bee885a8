package dev.processflow.image;

public enum ImageStatus { PROCESSING, READY, FAILED }
