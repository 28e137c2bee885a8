package dev.processflow.image;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An uploaded image: what its original is, and once resized, its variants. */
@Entity
@Table(name = "image")
public class Image extends PanacheEntityBase {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public ImageStatus status;

    /** The original's format id, e.g. {@code jpeg}. */
    public String format;

    /** Upright size, after the EXIF orientation. */
    public int width;

    public int height;

    public long bytes;

    @Column(columnDefinition = "bpchar")
    public String sha256;

    /** Width of the failure_reason column. */
    public static final int MAX_FAILURE_REASON = 1000;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @OneToMany(mappedBy = "image", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<ImageVariant> variants = new ArrayList<>();

    public Optional<ImageVariant> variant(String name) {
        return variants.stream().filter(v -> v.name.equals(name)).findFirst();
    }
}
