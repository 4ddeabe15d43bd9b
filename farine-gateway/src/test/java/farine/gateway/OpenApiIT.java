package farine.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Container;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /openapi.json, generated from the registry, read back by swagger-parser with every reference resolved. */
class OpenApiIT {

    @Test
    void theDocumentIsValidOpenApi31WithEachMethodsSchemas() {
        try (Container kitchen = GatewayBroker.kitchen();
                Gateway gateway = Gateway.start(GatewayBroker.config(Map.of()))) {
            Http.Reply reply = Http.get(gateway.uri(), "openapi.json");
            assertThat(reply.status()).isEqualTo(200);

            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(reply.body().toString(), null, options);
            assertThat(parsed.getMessages()).as(reply.body().toPrettyString()).isEmpty();
            OpenAPI api = parsed.getOpenAPI();
            assertThat(api.getOpenapi()).isEqualTo("3.1.0");
            // the project's version, as the build filtered it (0.1.0-SNAPSHOT, say): never a placeholder
            assertThat(api.getInfo().getVersion()).matches("\\d+\\.\\d+\\.\\d+.*");

            Operation cook = api.getPaths().get("/rpc/gw_kitchen/cook").getPost();
            assertThat(cook.getOperationId()).isEqualTo("gw_kitchen.cook");
            Schema<?> body = cook.getRequestBody().getContent().get("application/json").getSchema();
            assertThat(body.getOneOf()).hasSize(2);
            Schema<?> positional = body.getOneOf().get(0);
            assertThat(positional.getPrefixItems()).hasSize(2);
            // cook(Dish dish, int extra): the record's fields, then an integer
            Schema<?> dish = positional.getPrefixItems().get(0);
            assertThat(dish.getProperties()).containsKeys("name", "portions", "tags");
            assertThat(dish.getProperties().get("portions").getTypes()).contains("integer");
            assertThat(dish.getProperties().get("tags").getItems().getTypes()).contains("string");
            assertThat(positional.getPrefixItems().get(1).getTypes()).contains("integer");
            Schema<?> kwargs = (Schema<?>) body.getOneOf().get(1).getProperties().get("kwargs");
            assertThat(kwargs.getProperties()).containsOnlyKeys("dish", "extra");
            Schema<?> result = cook.getResponses().get("200").getContent().get("application/json").getSchema();
            assertThat(result.getProperties()).containsKeys("name", "portions", "tags");
            assertThat(cook.getResponses()).containsKeys("400", "404", "413", "502", "504");

            // a type used twice within one schema comes as a $ref; it must resolve inside the document
            Schema<?> menu = api.getPaths().get("/rpc/gw_kitchen/swap").getPost().getResponses().get("200").getContent()
                    .get("application/json").getSchema();
            String ref = menu.getProperties().get("starter").get$ref();
            assertThat(ref).startsWith("#/components/schemas/");
            Schema<?> dishDef = api.getComponents().getSchemas().get(ref.substring("#/components/schemas/".length()));
            assertThat(dishDef.getProperties()).containsKeys("name", "portions", "tags");
            Http.Reply swapped = Http.call(gateway.uri(), "rpc/gw_kitchen/swap",
                    "[{\"starter\": {\"name\": \"soup\", \"portions\": 1, \"tags\": []}, \"main\": {\"name\": \"pie\", \"portions\": 2, \"tags\": []}}]");
            assertThat(swapped.body().at("/starter/name").asString()).as(swapped.body().toString()).isEqualTo("pie");

            Operation squares = api.getPaths().get("/rpc/gw_kitchen/squares").getPost();
            assertThat(squares.getResponses().get("200").getContent()).containsKeys("application/json", "application/x-ndjson", "text/event-stream");
            // an NDJSON line: {"item": x}, {"end": ...} or the error object
            List<Schema> lines = squares.getResponses().get("200").getContent().get("application/x-ndjson").getSchema().getOneOf();
            assertThat(lines).hasSize(3);
            assertThat(((Schema<?>) lines.get(0).getProperties().get("item")).getTypes()).contains("integer");
            assertThat(lines.get(2).get$ref()).isEqualTo("#/components/schemas/Error");
            assertThat(squares.getExtensions()).containsEntry("x-farine-streaming", true);
            assertThat(api.getPaths().get("/rpc/gw_kitchen/secret").getPost().getExtensions()).containsEntry("x-farine-private", true);
            assertThat(api.getPaths().get("/rpc/gw_kitchen/nothing").getPost().getResponses().get("200").getContent()
                    .get("application/json").getSchema().getTypes()).containsExactly("null");
        }
    }
}
