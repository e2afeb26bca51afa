import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Many small, varied record files for timing {@code evaluate} over many files in one call (issue 17): each is one
 * shared Synthea or SMART bundle cut to its Patient and 19–59 of its other resources, picked at random (fixed seed,
 * so every run gets the same files). Varied on purpose: a few hundred different records do not warm the JIT up the
 * way one record evaluated in a loop does.
 *
 * <pre>java -cp "samples/cli/target/lib/*" benchmarks/scripts/ManyRecords.java ../shared/data/external-fhir /tmp/many 490</pre>
 */
public class ManyRecords {
    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        List<Path> bundles;
        try (Stream<Path> files = Stream.concat(
                Files.list(shared.resolve("synthea-3.3.0-generated")),
                Files.list(shared.resolve("smart-on-fhir-generated-sample-data-r4")))) {
            bundles = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        ObjectMapper json = new ObjectMapper();
        Random random = new Random(17);
        for (int i = 0; i < count; i++) {
            JsonNode bundle = json.readTree(bundles.get(i % bundles.size()).toFile());
            List<JsonNode> patients = new ArrayList<>();
            List<JsonNode> others = new ArrayList<>();
            for (JsonNode entry : bundle.path("entry")) {
                (entry.path("resource").path("resourceType").asText().equals("Patient") ? patients : others).add(entry);
            }
            java.util.Collections.shuffle(others, random);
            ObjectNode cut = json.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
            ArrayNode entries = cut.putArray("entry");
            entries.addAll(patients);
            entries.addAll(others.subList(0, Math.min(others.size(), 19 + random.nextInt(41))));
            json.writeValue(out.resolve(String.format("record-%03d.json", i)).toFile(), cut);
        }
    }
}
