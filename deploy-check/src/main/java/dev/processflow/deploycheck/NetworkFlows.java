package dev.processflow.deploycheck;

import dev.processflow.deploycheck.Contract.ServiceSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The flows the design needs, evaluated against the NetworkPolicies the way Kubernetes does (a pod selected by a
 * policy of a direction gets only what some such policy allows): each service reaches Kafka and every address its
 * configuration names (PostgreSQL, Keycloak, SMTP, S3), those accept it, and Knative's activator and gateways reach
 * the services.
 */
final class NetworkFlows {

    /** Where Knative's data path to a service's pods comes from. */
    static final List<String> KNATIVE_NAMESPACES = List.of("knative-serving", "kourier-system");
    private static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";

    private final Manifests m;
    private final Consumer<String> findings;

    NetworkFlows(Manifests m, Consumer<String> findings) {
        this.m = m;
        this.findings = findings;
    }

    /** A pod: its labels and namespace. */
    record Pod(String name, Map<String, String> labels, String namespace) {
    }

    void check() {
        for (ServiceSpec spec : Contract.SERVICES) {
            m.named(io.fabric8.knative.serving.v1.Service.class, spec.name()).ifPresent(ksvc -> {
                Map<String, String> labels = new LinkedHashMap<>(Optional.ofNullable(ksvc.getSpec().getTemplate().getMetadata())
                        .map(md -> md.getLabels()).orElse(Map.of()));
                labels.put("serving.knative.dev/service", spec.name());
                Pod pod = new Pod("Knative Service " + spec.name(), labels, m.namespace());
                for (String ns : KNATIVE_NAMESPACES) {
                    Pod knative = new Pod(ns, Map.of(), ns);
                    if (!allowed(knative, pod, -1, false)) {
                        findings.accept("NetworkPolicy: " + pod.name() + " does not accept requests from namespace " + ns);
                    }
                }
                for (io.strimzi.api.kafka.model.kafka.Kafka kafka : m.all(io.strimzi.api.kafka.model.kafka.Kafka.class)) {
                    Pod broker = new Pod("Kafka " + kafka.getMetadata().getName(), Map.of("strimzi.io/cluster", kafka.getMetadata().getName(),
                            "strimzi.io/kind", "Kafka"), m.namespace());
                    if (!allowed(pod, broker, 9092, true)) {
                        findings.accept("NetworkPolicy: " + pod.name() + " may not reach " + broker.name() + " on 9092");
                    }
                }
                Container c = ksvc.getSpec().getTemplate().getSpec().getContainers().get(0);
                for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                    host(e).flatMap(host -> m.named(Service.class, host.split("\\.")[0])).ifPresent(target -> flowTo(pod, target, e));
                }
            });
        }
    }

    private void flowTo(Pod from, Service target, EnvVar e) {
        ServicePort port = target.getSpec().getPorts().get(0);
        Optional<Pod> to = podsOf(target);
        if (to.isEmpty()) {
            return;
        }
        int number = containerPort(target, port);
        String what = from.name() + " (" + e.getName() + ") -> " + to.get().name() + ":" + number;
        if (!allowed(from, to.get(), number, true)) {
            findings.accept("NetworkPolicy: egress " + what + " is not allowed");
        }
        if (!allowed(from, to.get(), number, false)) {
            findings.accept("NetworkPolicy: ingress " + what + " is not allowed");
        }
    }

    /** The host an address variable names, if it is one: a JDBC, HTTP(S) URL or a bare mail host. */
    private Optional<String> host(EnvVar e) {
        Optional<String> value = Optional.ofNullable(e.getValue()).or(() -> Optional.ofNullable(e.getValueFrom())
                .map(v -> v.getConfigMapKeyRef()).flatMap(ref -> m.named(ConfigMap.class, ref.getName())
                        .map(ConfigMap::getData).map(d -> d.get(ref.getKey()))));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get().trim();
        if (e.getName().endsWith("_HOST")) {
            return Optional.of(v);
        }
        if (v.startsWith("jdbc:") || v.startsWith("http://") || v.startsWith("https://")) {
            return Optional.ofNullable(URI.create(v.replaceFirst("^jdbc:", "")).getHost());
        }
        return Optional.empty();
    }

    private Optional<Pod> podsOf(Service s) {
        return templateOf(s).map(t -> new Pod(s.getMetadata().getName(), t.getMetadata().getLabels(), m.namespace()));
    }

    private Optional<PodTemplateSpec> templateOf(Service s) {
        Map<String, String> selector = Optional.ofNullable(s.getSpec().getSelector()).orElse(Map.of());
        List<PodTemplateSpec> templates = new ArrayList<>();
        m.all(Deployment.class).forEach(d -> templates.add(d.getSpec().getTemplate()));
        m.all(StatefulSet.class).forEach(st -> templates.add(st.getSpec().getTemplate()));
        return templates.stream().filter(t -> t.getMetadata() != null && t.getMetadata().getLabels() != null
                && t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).findFirst();
    }

    /** The pod port a Service port leads to (NetworkPolicies speak of pod ports). */
    private int containerPort(Service s, ServicePort port) {
        IntOrString target = port.getTargetPort();
        if (target == null) {
            return port.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        return templateOf(s).stream().flatMap(t -> t.getSpec().getContainers().stream())
                .flatMap(c -> Optional.ofNullable(c.getPorts()).orElse(List.of()).stream())
                .filter(p -> target.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
                .orElse(port.getPort());
    }

    /** Whether policies let {@code from} open a connection to {@code to} on that port (-1: any), seen on one side. */
    boolean allowed(Pod from, Pod to, int port, boolean egress) {
        Pod subject = egress ? from : to;
        Pod peer = egress ? to : from;
        if (!subject.namespace().equals(m.namespace())) {
            return true;
        }
        String type = egress ? "Egress" : "Ingress";
        List<NetworkPolicy> selecting = m.all(NetworkPolicy.class).stream()
                .filter(p -> Optional.ofNullable(p.getSpec().getPolicyTypes()).orElse(List.of("Ingress")).contains(type))
                .filter(p -> matches(p.getSpec().getPodSelector(), subject.labels())).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy p : selecting) {
            if (egress) {
                for (var rule : Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of())) {
                    if (peers(rule.getTo(), peer) && ports(rule.getPorts(), port)) {
                        return true;
                    }
                }
            } else {
                for (var rule : Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of())) {
                    if (peers(rule.getFrom(), peer) && ports(rule.getPorts(), port)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean peers(List<NetworkPolicyPeer> peers, Pod pod) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                continue;
            }
            boolean namespace = peer.getNamespaceSelector() == null ? pod.namespace().equals(m.namespace())
                    : matches(peer.getNamespaceSelector(), Map.of(NAMESPACE_LABEL, pod.namespace()));
            boolean labels = peer.getPodSelector() == null || matches(peer.getPodSelector(), pod.labels());
            if (namespace && labels) {
                return true;
            }
        }
        return false;
    }

    private static boolean ports(List<NetworkPolicyPort> ports, int port) {
        return ports == null || ports.isEmpty() || port < 0 || ports.stream().anyMatch(p -> p.getPort() == null
                || Integer.valueOf(port).equals(p.getPort().getIntVal()));
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (!labels.entrySet().containsAll(Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of()).entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement r : Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of())) {
            String value = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && r.getValues().contains(value);
                case "NotIn" -> value == null || !r.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
