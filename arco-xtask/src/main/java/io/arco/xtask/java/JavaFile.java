package io.arco.xtask.java;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.AnnotationMemberDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
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
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The declarations of one Java source file, found with a real Java parser (so names in comments
 * and strings never count): its types, methods, constructors, fields, enum constants and record
 * components, each with the type that declares it, its line and its annotations. Methods carrying a
 * JUnit or jqwik test annotation are test methods. It also knows each type's supertypes and the
 * method calls each method makes, so a check can ask what a test reaches through the helpers of its
 * file.
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
   * top-level type); {@code tags} are JUnit {@code @Tag}s on it and its enclosing types; {@code
   * annotations} are the simple names of the annotations on the declaration itself.
   */
  public record Declaration(
      String name,
      Kind kind,
      String owner,
      int line,
      boolean test,
      boolean disabled,
      Set<String> tags,
      Set<String> annotations) {
    public Declaration {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(owner, "owner");
      tags = Set.copyOf(tags);
      annotations = Set.copyOf(annotations);
    }
  }

  /**
   * A method call in a method's body: the method's name, the simple name its scope has when the
   * scope is a plain name ({@code Fold} in {@code Fold.apply(s, e)}, {@code h} in {@code
   * h.check()}), and whether it is repeated: made inside a loop or a lambda handed to {@code
   * forEach}, {@code map} or {@code reduce}, or reached through a call that is.
   */
  public record Call(String name, Optional<String> scope, boolean repeated) {
    public Call {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(scope, "scope");
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
  private final Map<Declaration, List<Call>> calls;
  private final Map<String, Set<String>> supertypes;

  private JavaFile(
      String path,
      List<Declaration> declarations,
      Map<Declaration, List<Call>> calls,
      Map<String, Set<String>> supertypes) {
    this.path = path;
    this.declarations = List.copyOf(declarations);
    this.calls = Map.copyOf(calls);
    this.supertypes = Map.copyOf(supertypes);
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
    Collected collected = new Collected();
    for (TypeDeclaration<?> type : result.getResult().get().getTypes()) {
      collect(type, "", Set.of(), false, collected);
    }
    return new Parsed.Ok(
        new JavaFile(path, collected.declarations, collected.calls, collected.supertypes));
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

  /** The simple names of the types a type of this file extends or implements (empty if none). */
  public Set<String> supertypes(String typeName) {
    return supertypes.getOrDefault(typeName, Set.of());
  }

  /**
   * The calls a method makes, directly or through the methods of this file it calls (by name,
   * without a scope or scoped by a type of this file), transitively. A call reached through a
   * repeated call is repeated too.
   */
  public Set<Call> callsReachedFrom(Declaration method) {
    Set<String> localTypes = new HashSet<>();
    declarations.stream().filter(d -> d.kind() == Kind.TYPE).forEach(d -> localTypes.add(d.name()));
    Set<Call> reached = new LinkedHashSet<>();
    Set<String> visited = new HashSet<>();
    Deque<Map.Entry<Declaration, Boolean>> todo = new ArrayDeque<>();
    todo.add(Map.entry(method, false));
    while (!todo.isEmpty()) {
      Map.Entry<Declaration, Boolean> next = todo.poll();
      if (!visited.add(next.getKey().owner() + "#" + next.getKey().line() + "#" + next.getValue())) {
        continue;
      }
      for (Call call : calls.getOrDefault(next.getKey(), List.of())) {
        boolean repeated = call.repeated() || next.getValue();
        reached.add(new Call(call.name(), call.scope(), repeated));
        boolean local = call.scope().map(localTypes::contains).orElse(true);
        if (local) {
          declarations.stream()
              .filter(d -> d.kind() == Kind.METHOD && d.name().equals(call.name()))
              .forEach(d -> todo.add(Map.entry(d, repeated)));
        }
      }
    }
    return reached;
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

  /** What parsing collects: declarations, each method's calls and each type's supertypes. */
  private static final class Collected {
    final List<Declaration> declarations = new ArrayList<>();
    final Map<Declaration, List<Call>> calls = new HashMap<>();
    final Map<String, Set<String>> supertypes = new HashMap<>();
  }

  private static void collect(
      TypeDeclaration<?> type,
      String owner,
      Set<String> outerTags,
      boolean outerDisabled,
      Collected collected) {
    List<Declaration> out = collected.declarations;
    String typeName = type.getNameAsString();
    Set<String> tags = union(outerTags, tagsOf(type));
    boolean disabled = outerDisabled || hasAnnotation(type, "Disabled");
    out.add(
        new Declaration(
            typeName, Kind.TYPE, owner, line(type.getName()), false, disabled, tags, annotationsOf(type)));
    collected.supertypes.put(typeName, supertypesOf(type));
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
                tags,
                Set.of()));
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
                tags,
                annotationsOf(constant)));
      }
    }
    for (BodyDeclaration<?> member : type.getMembers()) {
      switch (member) {
        case TypeDeclaration<?> nested -> collect(nested, typeName, tags, disabled, collected);
        case MethodDeclaration method -> {
          Set<String> methodTags = union(tags, tagsOf(method));
          boolean test = method.getAnnotations().stream().anyMatch(JavaFile::isTestAnnotation);
          Declaration declaration =
              new Declaration(
                  method.getNameAsString(),
                  Kind.METHOD,
                  typeName,
                  line(method.getName()),
                  test,
                  disabled || hasAnnotation(method, "Disabled"),
                  methodTags,
                  annotationsOf(method));
          out.add(declaration);
          collected.calls.put(declaration, callsOf(method));
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
                    tags,
                    annotationsOf(constructor)));
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
                    tags,
                    annotationsOf(field)));
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
                    tags,
                    annotationsOf(annotationMember)));
        default -> {
          // Initializer blocks and compact constructors declare no name a row could cite.
        }
      }
    }
  }

  /** Calls that repeat the lambda they are handed. */
  private static final Set<String> REPEATING_CALLS = Set.of("forEach", "forEachOrdered", "map", "reduce");

  private static List<Call> callsOf(MethodDeclaration method) {
    List<Call> out = new ArrayList<>();
    for (MethodCallExpr call : method.findAll(MethodCallExpr.class)) {
      Optional<String> scope =
          call.getScope().filter(NameExpr.class::isInstance).map(e -> ((NameExpr) e).getNameAsString());
      out.add(new Call(call.getNameAsString(), scope, repeated(call, method)));
    }
    return out;
  }

  /** Whether a call sits in a loop, or in a lambda handed to a repeating call, of its method. */
  private static boolean repeated(Node call, MethodDeclaration method) {
    for (Node n = call.getParentNode().orElse(null); n != null && n != method; n = n.getParentNode().orElse(null)) {
      if (n instanceof ForStmt || n instanceof ForEachStmt || n instanceof WhileStmt || n instanceof DoStmt) {
        return true;
      }
      if (n instanceof LambdaExpr
          && n.getParentNode().orElse(null) instanceof MethodCallExpr outer
          && REPEATING_CALLS.contains(outer.getNameAsString())) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> supertypesOf(TypeDeclaration<?> type) {
    List<ClassOrInterfaceType> types = new ArrayList<>();
    if (type instanceof ClassOrInterfaceDeclaration c) {
      types.addAll(c.getExtendedTypes());
      types.addAll(c.getImplementedTypes());
    } else if (type instanceof RecordDeclaration r) {
      types.addAll(r.getImplementedTypes());
    } else if (type instanceof EnumDeclaration e) {
      types.addAll(e.getImplementedTypes());
    }
    return types.stream().map(ClassOrInterfaceType::getNameAsString).collect(Collectors.toUnmodifiableSet());
  }

  private static Set<String> annotationsOf(NodeWithAnnotations<?> node) {
    return node.getAnnotations().stream().map(JavaFile::simpleName).collect(Collectors.toUnmodifiableSet());
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
