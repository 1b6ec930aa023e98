// Keeps the chosen variant's files (-Dkind=metric, the default, or -Dkind=connector) and removes the other's.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

Path root = Paths.get(request.outputDirectory, request.artifactId)
String kind = request.properties.get('kind')
String stem = request.properties.get('className')
String pkg = request.properties.get('package').replace('.', '/')
List<String> metric = ["src/main/java/${pkg}/${stem}Calculator.java", "src/test/java/${pkg}/${stem}CalculatorTest.java",
        "src/main/resources/${pkg}/messages.properties", "src/main/resources/${pkg}/messages_nb.properties",
        "src/main/resources/${pkg}/messages_sv.properties"]*.toString()
List<String> connector = ["src/main/java/${pkg}/${stem}Connector.java", "src/test/java/${pkg}/${stem}ConnectorTest.java",
        "src/test/resources/export/customers.tsv", "src/test/resources/export/orders.tsv"]*.toString()
(kind == 'metric' ? connector : metric).each { Files.deleteIfExists(root.resolve(it)) }

// folders left empty by that
def prune
prune = { Path dir ->
    if (Files.isDirectory(dir)) {
        Files.list(dir).withCloseable { it.toList() }.each { prune(it) }
        if (Files.list(dir).withCloseable { !it.findAny().isPresent() }) {
            Files.delete(dir)
        }
    }
}
prune(root.resolve('src'))
println "A Klarsyn ${kind} plugin '${request.properties.get('pluginId')}' in ${root}: cd into it and run mvn verify"
