package io.arco.xtask.java;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.AnnotationMemberDeclaration;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The declarations of one Java source file, found with a real Java parser (so names in comments
 * and strings never count): its types, methods, constructors, fields, enum constants and record
 * components, each with the type that declares it and its line. Methods carrying a JUnit or jqwik
 * test annotation are test methods.
 */
public final class JavaFile {
  /** Annotations (simple names) that make a method a test: JUnit 5 and jqwik. */
  public static final Set<String> TEST_ANNOTATIONS =
      Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "Property", "Example");

  /** What kind of declaration a {@link Declaration} is. */
  public enum Kind {
    TYPE,
    METHOD,
    CONSTRUCTOR,
    FIELD,
    ENUM_CONSTANT,
    RECORD_COMPONENT,
    ANNOTATION_MEMBER
  }

  /**
   * One declared name. {@code owner} is the simple name of the type declaring it ({@code ""} for a
   * top-level type); {@code tags} are JUnit {@code @Tag}s on it and its enclosing types.
   */
  public record Declaration(
      String name,
      Kind kind,
      String owner,
      int line,
      boolean test,
      boolean disabled,
      Set<String> tags) {
    public Declaration {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(owner, "owner");
      tags = Set.copyOf(tags);
    }
  }

  /** A parse outcome: the file, or why it could not be parsed. */
  public sealed interface Parsed {
    /** A file that parsed. */
    record Ok(JavaFile file) implements Parsed {}

    /** A file with syntax errors; {@code line} is the first problem's line. */
    record Failed(String message, int line) implements Parsed {}
  }

  private final String path;
  private final List<Declaration> declarations;

  private JavaFile(String path, List<Declaration> declarations) {
    this.path = path;
    this.declarations = List.copyOf(declarations);
  }

  /** Parses {@code source} (the contents of {@code path}) at the project's language level. */
  public static Parsed parse(String path, String source) {
    ParserConfiguration configuration =
        new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21);
    ParseResult<CompilationUnit> result = new JavaParser(configuration).parse(source);
    if (!result.isSuccessful() || result.getResult().isEmpty()) {
      List<Problem> problems = result.getProblems();
      String message = problems.isEmpty() ? "unknown syntax error" : problems.get(0).getMessage();
      int line =
          problems.isEmpty()
              ? 1
              : problems
                  .get(0)
                  .getLocation()
                  .flatMap(l -> l.getBegin().getRange())
                  .map(r -> r.begin.line)
                  .orElse(1);
      return new Parsed.Failed(message.lines().findFirst().orElse(message), line);
    }
    List<Declaration> declarations = new ArrayList<>();
    for (TypeDeclaration<?> type : result.getResult().get().getTypes()) {
      collect(type, "", Set.of(), false, declarations);
    }
    return new Parsed.Ok(new JavaFile(path, declarations));
  }

  public String path() {
    return path;
  }

  public List<Declaration> declarations() {
    return declarations;
  }

  /** The test methods, in source order. */
  public List<Declaration> testMethods() {
    return declarations.stream().filter(Declaration::test).toList();
  }

  /**
   * The declarations a symbol reference names. {@code symbol} is a simple name ({@code apply}) or
   * qualified by its declaring type ({@code Fold.apply}, {@code Fold#apply}, {@code
   * Outer.Inner.field}); a trailing {@code ()} is ignored. For a qualified name every qualifier
   * must be a type of this file and the last one must declare the member.
   */
  public List<Declaration> resolve(String symbol) {
    String name = symbol.endsWith("()") ? symbol.substring(0, symbol.length() - 2) : symbol;
    String[] parts = name.split("[.#]");
    String member = parts[parts.length - 1];
    if (parts.length == 1) {
      return declarations.stream().filter(d -> d.name().equals(member)).toList();
    }
    for (int i = 0; i < parts.length - 1; i++) {
      String qualifier = parts[i];
      boolean isType =
          declarations.stream().anyMatch(d -> d.kind() == Kind.TYPE && d.name().equals(qualifier));
      if (!isType) {
        return List.of();
      }
    }
    String owner = parts[parts.length - 2];
    return declarations.stream()
        .filter(d -> d.name().equals(member) && d.owner().equals(owner))
        .toList();
  }

  private static void collect(
      TypeDeclaration<?> type,
      String owner,
      Set<String> outerTags,
      boolean outerDisabled,
      List<Declaration> out) {
    String typeName = type.getNameAsString();
    Set<String> tags = union(outerTags, tagsOf(type));
    boolean disabled = outerDisabled || hasAnnotation(type, "Disabled");
    out.add(new Declaration(typeName, Kind.TYPE, owner, line(type.getName()), false, disabled, tags));
    if (type instanceof RecordDeclaration record) {
      for (Parameter component : record.getParameters()) {
        out.add(
            new Declaration(
                component.getNameAsString(),
                Kind.RECORD_COMPONENT,
                typeName,
                line(component),
                false,
                disabled,
                tags));
      }
    }
    if (type instanceof EnumDeclaration enumType) {
      for (EnumConstantDeclaration constant : enumType.getEntries()) {
        out.add(
            new Declaration(
                constant.getNameAsString(),
                Kind.ENUM_CONSTANT,
                typeName,
                line(constant),
                false,
                disabled,
                tags));
      }
    }
    for (BodyDeclaration<?> member : type.getMembers()) {
      switch (member) {
        case TypeDeclaration<?> nested -> collect(nested, typeName, tags, disabled, out);
        case MethodDeclaration method -> {
          Set<String> methodTags = union(tags, tagsOf(method));
          boolean test = method.getAnnotations().stream().anyMatch(JavaFile::isTestAnnotation);
          out.add(
              new Declaration(
                  method.getNameAsString(),
                  Kind.METHOD,
                  typeName,
                  line(method.getName()),
                  test,
                  disabled || hasAnnotation(method, "Disabled"),
                  methodTags));
        }
        case ConstructorDeclaration constructor ->
            out.add(
                new Declaration(
                    constructor.getNameAsString(),
                    Kind.CONSTRUCTOR,
                    typeName,
                    line(constructor.getName()),
                    false,
                    disabled,
                    tags));
        case FieldDeclaration field -> {
          for (VariableDeclarator variable : field.getVariables()) {
            out.add(
                new Declaration(
                    variable.getNameAsString(),
                    Kind.FIELD,
                    typeName,
                    line(variable),
                    false,
                    disabled,
                    tags));
          }
        }
        case AnnotationMemberDeclaration annotationMember ->
            out.add(
                new Declaration(
                    annotationMember.getNameAsString(),
                    Kind.ANNOTATION_MEMBER,
                    typeName,
                    line(annotationMember),
                    false,
                    disabled,
                    tags));
        default -> {
          // Initializer blocks and compact constructors declare no name a row could cite.
        }
      }
    }
  }

  private static boolean isTestAnnotation(AnnotationExpr annotation) {
    return TEST_ANNOTATIONS.contains(simpleName(annotation));
  }

  private static boolean hasAnnotation(NodeWithAnnotations<?> node, String simpleName) {
    return node.getAnnotations().stream().anyMatch(a -> simpleName(a).equals(simpleName));
  }

  private static String simpleName(AnnotationExpr annotation) {
    String name = annotation.getNameAsString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }

  private static Set<String> tagsOf(NodeWithAnnotations<?> node) {
    Set<String> tags = new LinkedHashSet<>();
    for (AnnotationExpr annotation : node.getAnnotations()) {
      String name = simpleName(annotation);
      if (name.equals("Tag")) {
        tagValue(annotation).ifPresent(tags::add);
      } else if (name.equals("Tags")) {
        annotationValue(annotation)
            .filter(ArrayInitializerExpr.class::isInstance)
            .map(ArrayInitializerExpr.class::cast)
            .ifPresent(
                array ->
                    array.getValues().stream()
                        .filter(AnnotationExpr.class::isInstance)
                        .map(AnnotationExpr.class::cast)
                        .forEach(inner -> tagValue(inner).ifPresent(tags::add)));
      }
    }
    return tags;
  }

  private static Optional<String> tagValue(AnnotationExpr annotation) {
    return annotationValue(annotation)
        .filter(StringLiteralExpr.class::isInstance)
        .map(e -> ((StringLiteralExpr) e).asString());
  }

  private static Optional<Expression> annotationValue(AnnotationExpr annotation) {
    if (annotation instanceof SingleMemberAnnotationExpr single) {
      return Optional.of(single.getMemberValue());
    }
    if (annotation instanceof NormalAnnotationExpr normal) {
      return normal.getPairs().stream()
          .filter(p -> p.getNameAsString().equals("value"))
          .map(pair -> pair.getValue())
          .findFirst();
    }
    return Optional.empty();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    if (b.isEmpty()) {
      return a;
    }
    return Stream.concat(a.stream(), b.stream())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static int line(Node node) {
    return node.getBegin().map(p -> p.line).orElse(1);
  }
}
