package dev.processflow.bench.images;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * image-service's own resize code ({@code VariantRenderer} with its default variants, JPEG quality and band size
 * rule), loaded from {@code image-service/target/classes} at run time. Reflection, because image-service is a Quarkus
 * application and not a library this module could depend on; the classes used are plain Java (Java2D, ImageIO and
 * TwelveMonkeys), so they run outside Quarkus exactly as inside it. Every decode is admitted at once: the worker's
 * threads stand for the resize slots, and the decode budget, which would queue large images, is left out.
 */
final class ServiceRenderer {

    /** One encoded variant. */
    record Variant(String name, int width, int height, String format, byte[] bytes) {
    }

    /** The service's defaults: thumb 150x150 cover, small/medium/large fit in 400/1024/2048 (application.properties). */
    static final Object[][] DEFAULT_VARIANTS = {
        {"thumb", 150, 150, "COVER"}, {"small", 400, 400, "CONTAIN"}, {"medium", 1024, 1024, "CONTAIN"},
        {"large", 2048, 2048, "CONTAIN"}};
    static final float JPEG_QUALITY = 0.85f;
    private static final String PACKAGE = "dev.processflow.image.imaging.";

    private final Object renderer;
    private final Method render;
    private final Object admission;
    private final List<Object> specs = new ArrayList<>();
    private final long heapBudget;

    ServiceRenderer(int concurrentResizes) throws ReflectiveOperationException {
        Class<?> codecsClass = Class.forName(PACKAGE + "ImageCodecs");
        Class<?> rendererClass = Class.forName(PACKAGE + "VariantRenderer");
        Class<?> sizingClass = Class.forName(PACKAGE + "BandSizing");
        Class<?> admissionClass = Class.forName(PACKAGE + "DecodeAdmission");
        Class<?> specClass = Class.forName(PACKAGE + "VariantSpec");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Enum> fitClass = (Class<Enum>) Class.forName(PACKAGE + "VariantSpec$Fit");
        heapBudget = (long) Class.forName(PACKAGE + "DecodeHeap").getMethod("defaultBudget").invoke(null);
        Object sizing = sizingClass.getConstructor(long.class, int.class, OptionalLong.class)
                .newInstance(heapBudget, concurrentResizes, OptionalLong.empty());
        Object codecs = codecsClass.getConstructor().newInstance();
        Constructor<?> constructor = rendererClass.getConstructor(codecsClass, float.class, sizingClass);
        renderer = constructor.newInstance(codecs, JPEG_QUALITY, sizing);
        render = rendererClass.getMethod("render", Path.class, List.class, admissionClass);
        admission = admittingAll(admissionClass);
        Constructor<?> spec = specClass.getConstructor(String.class, int.class, int.class, fitClass);
        for (Object[] v : DEFAULT_VARIANTS) {
            @SuppressWarnings("unchecked")
            Object fit = Enum.valueOf(fitClass, (String) v[3]);
            specs.add(spec.newInstance(v[0], v[1], v[2], fit));
        }
    }

    long heapBudget() {
        return heapBudget;
    }

    /** A {@code DecodeAdmission} that admits every decode at once, and its reservations that give nothing back. */
    private static Object admittingAll(Class<?> admissionClass) throws ClassNotFoundException {
        ClassLoader loader = admissionClass.getClassLoader();
        Class<?> admittedClass = Class.forName(PACKAGE + "DecodeAdmission$Admitted");
        Object admitted = Proxy.newProxyInstance(loader, new Class<?>[] {admittedClass}, (proxy, method, args) -> null);
        return Proxy.newProxyInstance(loader, new Class<?>[] {admissionClass}, (proxy, method, args) -> admitted);
    }

    List<Variant> render(Path original) throws Exception {
        List<?> rendered;
        try {
            rendered = (List<?>) render.invoke(renderer, original, specs, admission);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        List<Variant> variants = new ArrayList<>();
        for (Object r : rendered) {
            Class<?> type = r.getClass();
            Object format = type.getMethod("format").invoke(r);
            variants.add(new Variant((String) type.getMethod("name").invoke(r), (int) type.getMethod("width").invoke(r),
                    (int) type.getMethod("height").invoke(r), (String) format.getClass().getMethod("id").invoke(format),
                    (byte[]) type.getMethod("bytes").invoke(r)));
        }
        return variants;
    }
}
