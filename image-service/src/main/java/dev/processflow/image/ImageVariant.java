package dev.processflow.image;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "image_variant")
public class ImageVariant extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne
    @JoinColumn(name = "image_id")
    public Image image;

    /** Where the variant comes in the configured list, smallest first. */
    public int position;

    public String name;

    public int width;

    public int height;

    public String format;

    public long bytes;

    @Column(columnDefinition = "bpchar")
    public String sha256;
}
