package dev.bindery.http.internal;

import dev.bindery.api.assistant.Assistant;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.api.cache.VisualCache;
import dev.bindery.api.encoder.ModalityEncoder;
import dev.bindery.api.llm.LanguageModel;
import dev.bindery.api.strategy.GenerationStrategy;
import java.io.IOException;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The API's one servlet, registered on the HTTP whiteboard: routes each request to its endpoint, checks API keys on
 * {@code /v1/*}, answers every failure in OpenAI's error shape and counts everything. Every Bindery service is bound
 * dynamically, so the API stays up (answering 503 where something is missing) while models load and swap.
 */
@Component(service = Servlet.class, immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE, property = {
    "osgi.http.whiteboard.servlet.name=bindery-http",
    "osgi.http.whiteboard.servlet.pattern=/v1/*",
    "osgi.http.whiteboard.servlet.pattern=/health",
    "osgi.http.whiteboard.servlet.pattern=/metrics",
    "osgi.http.whiteboard.servlet.pattern=/"})
public final class BinderyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Services services = new Services();
    /** One per bundle, not per activation: counters survive a configuration change that reactivates the servlet. */
    private static final Metrics METRICS = new Metrics();

    private final transient Metrics metrics = METRICS;
    private final transient ChatEndpoint chat = new ChatEndpoint(services, metrics);
    private final transient EmbeddingsEndpoint embeddings = new EmbeddingsEndpoint(services, metrics);
    private final transient HttpSettings settings;

    @Activate
    public BinderyServlet(@Reference HttpSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        Exchange exchange = new Exchange(request, response);
        Settings now = settings.current();
        String path = path(request);
        String endpoint = endpoint(path);
        try {
            route(exchange, now, request.getMethod(), path);
        } catch (ApiError e) {
            if (!response.isCommitted()) {
                exchange.sendError(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!response.isCommitted()) {
                exchange.sendError(Failures.of(e));
            }
        } finally {
            metrics.request(endpoint, exchange.status(), System.nanoTime() - start);
        }
    }

    private void route(Exchange exchange, Settings now, String method, String path)
            throws ApiError, IOException, InterruptedException {
        if (path.startsWith("/v1/") && !now.authorized(exchange.request.getHeader("Authorization"))) {
            throw new ApiError(401, "invalid_request_error", "invalid_api_key", null, "Incorrect or missing API"
                    + " key: send the header Authorization: Bearer KEY with a key from etc/dev.bindery.http.cfg");
        }
        switch (path) {
            case "/v1/chat/completions":
                requireMethod(method, "POST", path);
                chat.handle(exchange, now);
                return;
            case "/v1/embeddings":
                requireMethod(method, "POST", path);
                embeddings.handle(exchange, now);
                return;
            case "/v1/models":
                requireMethod(method, "GET", path);
                exchange.sendJson(200, DirectoryPages.models(services));
                return;
            case "/health":
                requireMethod(method, "GET", path);
                boolean ready = services.missing().isEmpty();
                exchange.sendJson(ready ? 200 : 503, DirectoryPages.health(services, now.queue));
                return;
            case "/metrics":
                requireMethod(method, "GET", path);
                exchange.sendText(200, "text/plain; version=0.0.4; charset=utf-8",
                        DirectoryPages.metrics(metrics, services, now.queue));
                return;
            default:
                if (now.pageEnabled && StaticPage.serves(path) && "GET".equals(method)) {
                    StaticPage.send(exchange, path);
                    return;
                }
                throw new ApiError(404, "invalid_request_error", "not_found", null, "no endpoint " + method + " "
                        + path + "; the API serves POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models,"
                        + " GET /health and GET /metrics");
        }
    }

    private static void requireMethod(String method, String wanted, String path) throws ApiError {
        if (!wanted.equals(method)) {
            throw new ApiError(405, "invalid_request_error", "method_not_allowed", null, path + " answers " + wanted
                    + ", not " + method);
        }
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }

    /** The metrics label of a path: the endpoint's own path, or "other" (no unbounded label values). */
    static String endpoint(String path) {
        switch (path) {
            case "/v1/chat/completions":
            case "/v1/embeddings":
            case "/v1/models":
            case "/health":
            case "/metrics":
                return path;
            default:
                return StaticPage.serves(path) ? "page" : "other";
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAssistant(Assistant service, Map<String, Object> properties) {
        services.assistants.add(service, properties);
    }

    void removeAssistant(Assistant service) {
        services.assistants.remove(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEncoder(ModalityEncoder service, Map<String, Object> properties) {
        services.encoders.add(service, properties);
    }

    void removeEncoder(ModalityEncoder service) {
        services.encoders.remove(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addLanguageModel(LanguageModel service, Map<String, Object> properties) {
        services.languageModels.add(service, properties);
    }

    void removeLanguageModel(LanguageModel service) {
        services.languageModels.remove(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addStrategy(GenerationStrategy service, Map<String, Object> properties) {
        services.strategies.add(service, properties);
    }

    void removeStrategy(GenerationStrategy service) {
        services.strategies.remove(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addBindNetwork(BindNetwork service, Map<String, Object> properties) {
        services.bindNetworks.add(service, properties);
    }

    void removeBindNetwork(BindNetwork service) {
        services.bindNetworks.remove(service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCache(VisualCache service, Map<String, Object> properties) {
        services.caches.add(service, properties);
    }

    void removeCache(VisualCache service) {
        services.caches.remove(service);
    }
}
