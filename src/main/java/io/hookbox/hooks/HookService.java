package io.hookbox.hooks;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.hookbox.audit.AuditTrail;
import io.hookbox.errors.HookboxException;
import io.hookbox.pipeline.HookSource;
import io.hookbox.pipeline.PipelineHook;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunResult;
import io.hookbox.secrets.RandomTokens;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Tenants' stored hooks and their order. Every change is one transaction that first takes the tenant's write
 * lock, so concurrent changes of one tenant apply one after another and each type's positions stay exactly
 * 0..n-1. Content is validated by the runtime before the transaction: a hook that does not compile, or
 * defines no {@code handle}, is never stored. Thread-safe.
 */
public final class HookService implements HookSource {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_DESCRIPTION_LENGTH = 1000;

    private static final Comparator<Hook> FLOW_ORDER = Comparator
            .comparingInt((Hook hook) -> HookTypes.ids().indexOf(hook.type()))
            .thenComparingInt(Hook::position);

    public static final int MAX_NOTE_LENGTH = 500;

    private final Jdbi jdbi;
    private final HookRuntime runtime;
    private final AuditTrail audit;
    private final DeployedPackages packages;
    private final Clock clock;
    private final UrlHookStore urlHooks;

    /** A service that refuses URL hooks. */
    public HookService(Jdbi jdbi, HookRuntime runtime, AuditTrail audit, DeployedPackages packages, Clock clock) {
        this(jdbi, runtime, audit, packages, clock, UrlHookStore.NONE);
    }

    public HookService(Jdbi jdbi, HookRuntime runtime, AuditTrail audit, DeployedPackages packages, Clock clock,
                       UrlHookStore urlHooks) {
        this.jdbi = jdbi;
        this.runtime = runtime;
        this.audit = audit;
        this.packages = packages;
        this.clock = clock;
        this.urlHooks = urlHooks;
    }

    /** A URL hook just created, with its signing secret, which is shown this once. */
    public record CreatedUrlHook(@JsonUnwrapped Hook hook, String signingSecret) {
    }

    /** The tenant's hooks, by type in flow order then by position; only those of {@code type} if given. */
    public List<Hook> list(String tenantId, Optional<String> type) {
        type.ifPresent(HookTypes::require);
        return jdbi.withExtension(HookDao.class, dao -> type
                .map(id -> dao.listOfType(tenantId, id))
                .orElseGet(() -> dao.list(tenantId).stream().sorted(FLOW_ORDER).toList()));
    }

    /**
     * What the flow runs at {@code type}: the deployed version of the tenant's enabled hooks of that type, in order;
     * a hook never deployed is skipped.
     */
    @Override
    public List<PipelineHook> hooksInOrder(String tenantId, String type) {
        return jdbi.withExtension(HookVersionDao.class, dao -> dao.deployedOfType(tenantId, type));
    }

    /**
     * The tenant's hooks generation: it grows with every change to what its flows run, on any node; empty if there is
     * no such tenant.
     */
    public OptionalLong generationOf(String tenantId) {
        return jdbi.withExtension(HookDao.class, dao -> dao.generation(tenantId))
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** What test runs run: the drafts of the tenant's enabled hooks, in order. */
    public HookSource drafts() {
        return (tenantId, type) -> jdbi.withExtension(HookDao.class, dao -> dao.enabledOfType(tenantId, type)).stream()
                .map(HookService::pipelineHook).toList();
    }

    public Hook get(String tenantId, String id) {
        return jdbi.withExtension(HookDao.class, dao -> find(dao, tenantId, id));
    }

    /** A stored hook as a pipeline runs its draft (a URL hook: its endpoint). */
    public static PipelineHook pipelineHook(Hook hook) {
        return new PipelineHook(hook.id(), hook.name(), hook.content(), hook.onError(), null, hook.url(), hook.async());
    }

    /** Stores a new code hook at the end of its type, deployed as version 1 unless {@code hook.draft()}; {@code keyId}: who. */
    public Hook create(String tenantId, NewHook hook, String keyId) {
        requireKind(hook.kind());
        if (hook.isUrl()) {
            throw HookboxException.invalid("a URL hook is created with its signing secret (createUrlHook)", Map.of("field", "kind"));
        }
        HookType hookType = HookTypes.require(hook.type());
        String type = hookType.id();
        requireName(hook.name());
        String description = hook.description() == null ? "" : requireDescription(hook.description());
        if (hook.content() == null) {
            throw fieldError("content", "field 'content' is required: the hook's JavaScript source");
        }
        HookTypes.requireForm(hookType, hook.content());
        requireValidContent(tenantId, hook.content());
        return inTenantTransaction(tenantId, dao -> {
            requireFreeName(dao, tenantId, type, hook.name(), null);
            Instant now = now();
            Hook created = new Hook(UUID.randomUUID().toString(), hook.name(), description, type, hook.content(),
                    hook.enabled() == null || hook.enabled(),
                    Optional.ofNullable(hook.onError()).orElseGet(() -> OnError.defaultFor(hookType)), dao.idsInOrder(tenantId, type).size(), 1,
                    now, now, null, null, null, true);
            dao.insert(tenantId, created);
            audit.record(dao.getHandle(), tenantId, keyId, "hook.created", created.id(), null,
                    "created the " + type + " hook '" + created.name() + "'" + (Boolean.TRUE.equals(hook.draft()) ? " as a draft" : ""));
            return Boolean.TRUE.equals(hook.draft()) ? created : deployDraft(dao, tenantId, created, keyId, "");
        });
    }

    /**
     * Stores a new URL hook at the end of its type, enabled at once (it has no code to deploy), with its headers sealed
     * and a new signing secret, which the answer holds this once. At a type that cannot block it is always async.
     */
    public CreatedUrlHook createUrlHook(String tenantId, NewHook hook, String keyId) {
        HookType hookType = HookTypes.require(hook.type());
        String type = hookType.id();
        requireName(hook.name());
        String description = hook.description() == null ? "" : requireDescription(hook.description());
        if (hook.content() != null || Boolean.TRUE.equals(hook.draft())) {
            throw fieldError(hook.content() != null ? "content" : "draft", "a URL hook has no code: leave out 'content' and 'draft'");
        }
        String url = urlHooks.checkedUrl(hook.url());
        Map<String, String> headers = urlHooks.checkedHeaders(hook.headers());
        return inTenantTransaction(tenantId, dao -> {
            requireFreeName(dao, tenantId, type, hook.name(), null);
            Instant now = now();
            Hook created = new Hook(UUID.randomUUID().toString(), hook.name(), description, type, "",
                    hook.enabled() == null || hook.enabled(),
                    Optional.ofNullable(hook.onError()).orElseGet(() -> OnError.defaultFor(hookType)), dao.idsInOrder(tenantId, type).size(), 1,
                    now, now, null, null, null, false, Hook.URL, url, !hookType.canBlock() || Boolean.TRUE.equals(hook.async()),
                    String.join(",", headers.keySet()));
            dao.insert(tenantId, created);
            String secret = urlHooks.create(dao.getHandle(), tenantId, created.id(), headers);
            audit.record(dao.getHandle(), tenantId, keyId, "hook.created", created.id(), null,
                    "created the " + type + " URL hook '" + created.name() + "' calling " + url);
            return new CreatedUrlHook(created, secret);
        });
    }

    /** Applies the changes given, if the hook is still at {@code patch.version()}; a new type appends it there. */
    public Hook patch(String tenantId, String id, HookPatch patch, String keyId) {
        if (patch.version() == null) {
            throw fieldError("version", "field 'version' is required: the version of the hook this change is based on");
        }
        Optional.ofNullable(patch.type()).ifPresent(HookTypes::require);
        Optional.ofNullable(patch.name()).ifPresent(HookService::requireName);
        Optional.ofNullable(patch.description()).ifPresent(HookService::requireDescription);
        Optional.ofNullable(patch.content()).ifPresent(content -> requireValidContent(tenantId, content));
        Optional<String> newUrl = Optional.ofNullable(patch.url()).map(urlHooks::checkedUrl);
        Optional<Map<String, String>> newHeaders = Optional.ofNullable(patch.headers()).map(urlHooks::checkedHeaders);
        return inTenantTransaction(tenantId, dao -> {
            Hook current = find(dao, tenantId, id);
            if (current.version() != patch.version()) {
                throw versionConflict(current, patch.version());
            }
            if (current.isUrl()) {
                return patchUrlHook(dao, tenantId, current, patch, newUrl, newHeaders, keyId);
            }
            if (patch.url() != null || patch.headers() != null || patch.async() != null) {
                throw fieldError(patch.url() != null ? "url" : patch.headers() != null ? "headers" : "async",
                        "'url', 'headers' and 'async' belong to URL hooks; this is a code hook");
            }
            String type = Optional.ofNullable(patch.type()).orElse(current.type());
            String name = Optional.ofNullable(patch.name()).orElse(current.name());
            boolean moved = !type.equals(current.type());
            HookTypes.requireForm(HookTypes.require(type), Optional.ofNullable(patch.content()).orElse(current.content()));
            Hook changed = new Hook(id, name,
                    Optional.ofNullable(patch.description()).orElse(current.description()),
                    type,
                    Optional.ofNullable(patch.content()).orElse(current.content()),
                    Optional.ofNullable(patch.enabled()).orElse(current.enabled()),
                    Optional.ofNullable(patch.onError()).orElse(current.onError()),
                    moved ? dao.idsInOrder(tenantId, type).size() : current.position(),
                    current.version() + 1, current.createdAt(), now(), current.stoppedAt(), current.stoppedReason(),
                    current.deployedVersion(), current.draftChanged());
            if (sameFields(changed, current)) {
                return current;
            }
            if (moved || !name.equals(current.name())) {
                requireFreeName(dao, tenantId, type, name, id);
            }
            boolean newContent = !changed.content().equals(current.content());
            if (newContent) {
                changed = withDraftChanged(dao, tenantId, changed);
            }
            dao.update(tenantId, changed);
            if (moved) {
                closeGaps(dao, tenantId, current.type());
            }
            audit.record(dao.getHandle(), tenantId, keyId, "hook.changed", id, null,
                    "changed " + String.join(", ", changedFields(current, changed)) + " of the " + type + " hook '" + name + "'"
                            + (newContent && Boolean.TRUE.equals(patch.draft()) ? " (draft)" : ""));
            return newContent && !Boolean.TRUE.equals(patch.draft())
                    ? deployDraft(dao, tenantId, changed, keyId, "")
                    : changed;
        });
    }

    /** {@link #patch} of a URL hook: it has no content, drafts or deploys; its url, headers and async may change. */
    private Hook patchUrlHook(HookDao dao, String tenantId, Hook current, HookPatch patch, Optional<String> newUrl,
                              Optional<Map<String, String>> newHeaders, String keyId) {
        if (patch.content() != null || patch.draft() != null) {
            throw fieldError(patch.content() != null ? "content" : "draft", "a URL hook has no code: leave out 'content' and 'draft'");
        }
        String type = Optional.ofNullable(patch.type()).orElse(current.type());
        String name = Optional.ofNullable(patch.name()).orElse(current.name());
        boolean moved = !type.equals(current.type());
        boolean async = !HookTypes.require(type).canBlock() || Optional.ofNullable(patch.async()).orElse(current.async());
        Hook changed = new Hook(current.id(), name, Optional.ofNullable(patch.description()).orElse(current.description()), type,
                "", Optional.ofNullable(patch.enabled()).orElse(current.enabled()),
                Optional.ofNullable(patch.onError()).orElse(current.onError()),
                moved ? dao.idsInOrder(tenantId, type).size() : current.position(),
                current.version() + 1, current.createdAt(), now(), current.stoppedAt(), current.stoppedReason(), null, false,
                Hook.URL, newUrl.orElse(current.url()), async,
                newHeaders.map(headers -> String.join(",", headers.keySet())).orElse(current.headerNamesJoined()));
        if (sameFields(changed, current) && newHeaders.isEmpty()) {
            return current;
        }
        if (moved || !name.equals(current.name())) {
            requireFreeName(dao, tenantId, type, name, current.id());
        }
        dao.update(tenantId, changed);
        if (changed.enabled() && !current.enabled() && current.stoppedAt() != null) {
            // enabled again after its receiver answered 410 Gone: the note no longer holds
            dao.markStopped(tenantId, current.id(), null, null);
            changed = new Hook(changed.id(), changed.name(), changed.description(), changed.type(), changed.content(),
                    changed.enabled(), changed.onError(), changed.position(), changed.version(), changed.createdAt(),
                    changed.updatedAt(), null, null, null, false).withUrlFieldsOf(changed);
        }
        newHeaders.ifPresent(headers -> urlHooks.replaceHeaders(dao.getHandle(), tenantId, current.id(), headers));
        if (moved) {
            closeGaps(dao, tenantId, current.type());
        }
        List<String> fields = new ArrayList<>(changedFields(current, changed));
        newHeaders.ifPresent(headers -> fields.add("headers"));
        audit.record(dao.getHandle(), tenantId, keyId, "hook.changed", current.id(), null,
                "changed " + String.join(", ", fields) + " of the " + type + " URL hook '" + name + "'");
        return changed;
    }

    private static void requireKind(String kind) {
        if (kind != null && !kind.equals(Hook.CODE) && !kind.equals(Hook.URL)) {
            throw HookboxException.invalid("field 'kind' must be \"code\" or \"url\", not \"" + kind + "\"", Map.of("field", "kind"));
        }
    }

    /** Deletes a hook and its versions; the hooks after it move up, so positions stay 0..n-1. */
    public void delete(String tenantId, String id, String keyId) {
        inTenantTransaction(tenantId, dao -> {
            Hook hook = find(dao, tenantId, id);
            dao.delete(tenantId, id);
            closeGaps(dao, tenantId, hook.type());
            audit.record(dao.getHandle(), tenantId, keyId, "hook.deleted", id, hook.deployedVersion(),
                    "deleted the " + hook.type() + " hook '" + hook.name() + "'");
            return null;
        });
    }

    /**
     * Sets the order of the tenant's hooks of {@code type}: {@code ids} must hold each of them exactly once,
     * or nothing changes. Answers the hooks of that type in their new order.
     */
    public List<Hook> reorder(String tenantId, String type, List<String> ids, String keyId) {
        HookTypes.require(type);
        if (ids == null) {
            throw fieldError("ids", "field 'ids' is required: every id of the type's hooks, in the new order");
        }
        return inTenantTransaction(tenantId, dao -> {
            List<String> current = dao.idsInOrder(tenantId, type);
            requireSameIds(current, ids);
            setOrder(dao, tenantId, ids);
            audit.record(dao.getHandle(), tenantId, keyId, "hooks.reordered", null, null, "set the order of the " + type + " hooks");
            return dao.listOfType(tenantId, type);
        });
    }

    /** Moves one hook to {@code position} among its type; the hooks between shift by one. */
    public Hook move(String tenantId, String id, Integer position, String keyId) {
        if (position == null) {
            throw fieldError("position", "field 'position' is required: the 0-based place to move the hook to");
        }
        return inTenantTransaction(tenantId, dao -> {
            Hook hook = find(dao, tenantId, id);
            List<String> order = new ArrayList<>(dao.idsInOrder(tenantId, hook.type()));
            if (position < 0 || position >= order.size()) {
                throw new HookboxException(HookboxException.Kind.INVALID, "position_out_of_range",
                        "position must be between 0 and " + (order.size() - 1) + " for the " + order.size()
                                + " hooks of type " + hook.type(),
                        Map.of("position", position, "max", order.size() - 1));
            }
            order.remove(id);
            order.add(position, id);
            setOrder(dao, tenantId, order);
            audit.record(dao.getHandle(), tenantId, keyId, "hooks.reordered", id, null,
                    "moved the " + hook.type() + " hook '" + hook.name() + "' to position " + position);
            return find(dao, tenantId, id);
        });
    }

    // Deploys and version history. A deploy fixes the draft's source as a new immutable version, and the exact
    // versions of its npm packages with it.

    /**
     * Deploys the hook's current draft as a new version, which real flows run from then on. It is validated as saving
     * validates; {@code expectedVersion}, if given, must be the hook's {@code version}, so that what is deployed is what
     * the caller saw. Answers the hook.
     */
    public Hook deploy(String tenantId, String id, String note, Long expectedVersion, String keyId) {
        String checkedNote = requireNote(note);
        Hook draft = get(tenantId, id);
        if (draft.isUrl()) {
            throw HookboxException.invalid("a URL hook has no code to deploy: it calls its url as soon as it is saved",
                    Map.of("id", id));
        }
        requireValidContent(tenantId, draft.content());
        return inTenantTransaction(tenantId, dao -> {
            Hook current = find(dao, tenantId, id);
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw versionConflict(current, expectedVersion);
            }
            if (!current.content().equals(draft.content())) {
                throw versionConflict(current, draft.version());
            }
            return deployDraft(dao, tenantId, changed(current, current.content(), current.deployedVersion(), current.draftChanged()),
                    keyId, checkedNote);
        });
    }

    /** The hook's deployed versions, newest first, without their sources. */
    public List<HookVersion> versions(String tenantId, String id) {
        List<HookVersionDao.Row> rows = jdbi.withHandle(handle -> {
            find(handle.attach(HookDao.class), tenantId, id);
            return handle.attach(HookVersionDao.class).list(tenantId, id);
        });
        Map<Integer, Map<String, String>> locked = packages.of(id);
        return rows.stream().map(row -> version(row, locked).withoutSource()).toList();
    }

    /** One deployed version of the hook, with its source. */
    public HookVersion version(String tenantId, String id, int number) {
        HookVersion version = jdbi.withHandle(handle -> {
            find(handle.attach(HookDao.class), tenantId, id);
            return version(handle.attach(HookVersionDao.class), tenantId, id, number);
        });
        return version.withPackages(packages.of(id).get(number));
    }

    /**
     * Rolls back: deploys the source of version {@code number} again, as a new version, so history stays append-only.
     * A draft with changes not yet deployed is kept; otherwise the draft becomes the source now deployed.
     */
    public Hook redeploy(String tenantId, String id, int number, String note, String keyId) {
        String checkedNote = requireNote(note);
        return inTenantTransaction(tenantId, dao -> {
            Hook current = find(dao, tenantId, id);
            HookVersionDao versions = dao.getHandle().attach(HookVersionDao.class);
            HookVersion old = version(versions, tenantId, id, number);
            int next = versions.lastNumber(tenantId, id) + 1;
            versions.insert(tenantId, id, next, now(), keyId, old.source(),
                    checkedNote.isEmpty() ? "rollback to version " + number : checkedNote);
            packages.fixRollback(dao.getHandle(), id, next, number, !current.draftChanged());
            String draft = current.draftChanged() ? current.content() : old.source();
            Hook rolledBack = changed(current, draft, next, !draft.equals(old.source()));
            dao.update(tenantId, rolledBack);
            audit.record(dao.getHandle(), tenantId, keyId, "hook.rolled_back", id, next,
                    "rolled back the " + current.type() + " hook '" + current.name() + "' to version " + number + " as version " + next);
            return rolledBack;
        });
    }

    /** Stores {@code hook}'s draft as its next version and deploys it; the hook's {@code version} is the caller's to set. */
    private Hook deployDraft(HookDao dao, String tenantId, Hook hook, String keyId, String note) {
        HookVersionDao versions = dao.getHandle().attach(HookVersionDao.class);
        int next = versions.lastNumber(tenantId, hook.id()) + 1;
        versions.insert(tenantId, hook.id(), next, now(), keyId, hook.content(), note);
        packages.fix(dao.getHandle(), hook.id(), next);
        Hook deployed = new Hook(hook.id(), hook.name(), hook.description(), hook.type(), hook.content(), hook.enabled(),
                hook.onError(), hook.position(), hook.version(), hook.createdAt(), hook.updatedAt(), hook.stoppedAt(), hook.stoppedReason(),
                next, false);
        dao.update(tenantId, deployed);
        audit.record(dao.getHandle(), tenantId, keyId, "hook.deployed", hook.id(), next,
                "deployed version " + next + " of the " + hook.type() + " hook '" + hook.name() + "'" + (note.isEmpty() ? "" : ": " + note));
        return deployed;
    }

    /** The hook with {@code draftChanged} set to whether its content differs from its deployed version's source. */
    private static Hook withDraftChanged(HookDao dao, String tenantId, Hook hook) {
        boolean differs = hook.deployedVersion() == null || dao.getHandle().attach(HookVersionDao.class)
                .find(tenantId, hook.id(), hook.deployedVersion()).map(row -> !row.content().equals(hook.content())).orElse(true);
        return new Hook(hook.id(), hook.name(), hook.description(), hook.type(), hook.content(), hook.enabled(), hook.onError(),
                hook.position(), hook.version(), hook.createdAt(), hook.updatedAt(), hook.stoppedAt(), hook.stoppedReason(),
                hook.deployedVersion(), differs);
    }

    /** {@code hook} at its next {@code version}, changed now, with this draft and deployment. */
    private Hook changed(Hook hook, String draft, Integer deployedVersion, boolean draftChanged) {
        return new Hook(hook.id(), hook.name(), hook.description(), hook.type(), draft, hook.enabled(), hook.onError(),
                hook.position(), hook.version() + 1, hook.createdAt(), now(), hook.stoppedAt(), hook.stoppedReason(), deployedVersion, draftChanged);
    }

    private static HookVersion version(HookVersionDao versions, String tenantId, String hookId, int number) {
        return versions.find(tenantId, hookId, number).map(row -> version(row, Map.of()))
                .orElseThrow(() -> HookboxException.notFound("hook '" + hookId + "' has no version " + number));
    }

    private static HookVersion version(HookVersionDao.Row row, Map<Integer, Map<String, String>> packages) {
        return new HookVersion(row.versionNumber(), row.deployedAt(), row.deployedBy(), RandomTokens.sha256(row.content()), row.note(),
                packages.get(row.versionNumber()), row.content());
    }

    private static String requireNote(String note) {
        if (note == null) {
            return "";
        }
        requireNoNulCharacter("note", note);
        if (note.length() > MAX_NOTE_LENGTH) {
            throw fieldError("note", "field 'note' may be at most " + MAX_NOTE_LENGTH + " characters, not " + note.length());
        }
        return note;
    }

    private static List<String> changedFields(Hook before, Hook after) {
        List<String> fields = new ArrayList<>();
        Map.<String, Function<Hook, Object>>of("name", Hook::name, "description", Hook::description, "type", Hook::type,
                        "content", Hook::content, "enabled", Hook::enabled, "onError", Hook::onError,
                        "url", hook -> String.valueOf(hook.url()), "async", Hook::async)
                .forEach((field, value) -> {
                    if (!value.apply(before).equals(value.apply(after))) {
                        fields.add(field);
                    }
                });
        fields.sort(null);
        return fields;
    }

    private static HookboxException versionConflict(Hook current, long expected) {
        return new HookboxException(HookboxException.Kind.CONFLICT, "version_conflict",
                "the hook is at version " + current.version() + ", not " + expected
                        + ": it changed since it was read; details.current holds it as it is now",
                Map.of("current", current));
    }

    private <T> T inTenantTransaction(String tenantId, Function<HookDao, T> work) {
        return jdbi.inTransaction(handle -> {
            HookDao dao = handle.attach(HookDao.class);
            if (dao.lockTenantForChange(tenantId) == 0) {
                throw HookboxException.notFound("no tenant with id '" + tenantId + "'");
            }
            return work.apply(dao);
        });
    }

    private void closeGaps(HookDao dao, String tenantId, String type) {
        setOrder(dao, tenantId, dao.idsInOrder(tenantId, type));
    }

    private void setOrder(HookDao dao, String tenantId, List<String> ids) {
        dao.setPositions(tenantId, ids, IntStream.range(0, ids.size()).boxed().toList(), now());
    }

    private static void requireSameIds(List<String> current, List<String> given) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> repeated = new LinkedHashSet<>();
        for (String id : given) {
            if (!seen.add(id)) {
                repeated.add(id);
            }
        }
        List<String> missing = current.stream().filter(id -> !seen.contains(id)).toList();
        List<String> extra = seen.stream().filter(id -> !current.contains(id)).toList();
        if (!missing.isEmpty() || !extra.isEmpty() || !repeated.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("missing", missing);
            details.put("extra", extra);
            details.put("repeated", List.copyOf(repeated));
            throw new HookboxException(HookboxException.Kind.INVALID, "order_mismatch",
                    "ids must list each hook of the type exactly once (" + missing.size() + " missing, " + extra.size()
                            + " not of this type, " + repeated.size() + " repeated); nothing was changed", details);
        }
    }

    private void requireValidContent(String tenantId, String content) {
        requireNoNulCharacter("content", content);
        RunResult result = runtime.validate(tenantId, content);
        if (result.succeeded() || requiresPackagesToAdd(result.error())) {
            return;
        }
        RunError error = result.error();
        if (error.code() == ErrorCode.BUSY || error.code() == ErrorCode.INTERNAL) {
            throw new HookboxException(HookboxException.Kind.UNAVAILABLE, "runtime_unavailable",
                    "the hook could not be checked right now: " + error.message() + "; try again", Map.of());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", error.code().name());
        details.put("message", error.message());
        if (error.line() != null) {
            details.put("line", error.line());
        }
        if (error.column() != null) {
            details.put("column", error.column());
        }
        throw new HookboxException(HookboxException.Kind.INVALID, "invalid_hook_content",
                "the hook's content is not valid (" + error.code() + "): " + error.message(), details);
    }

    /** A hook is checked without its packages (they are added to a hook that exists): a top-level require may fail. */
    private static boolean requiresPackagesToAdd(RunError error) {
        return error.code() == ErrorCode.HOOK_ERROR && error.message() != null && error.message().contains("Cannot find module");
    }

    private static void requireFreeName(HookDao dao, String tenantId, String type, String name, String exceptId) {
        dao.idOfName(tenantId, type, name).filter(id -> !id.equals(exceptId)).ifPresent(id -> {
            throw new HookboxException(HookboxException.Kind.CONFLICT, "hook_name_taken",
                    "there is already a " + type + " hook named '" + name + "'", Map.of("name", name, "type", type, "id", id));
        });
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw fieldError("name", "field 'name' is required and may not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw fieldError("name", "field 'name' may be at most " + MAX_NAME_LENGTH + " characters, not " + name.length());
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw fieldError("name", "field 'name' may not contain control characters");
        }
    }

    private static String requireDescription(String description) {
        requireNoNulCharacter("description", description);
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw fieldError("description", "field 'description' may be at most " + MAX_DESCRIPTION_LENGTH
                    + " characters, not " + description.length());
        }
        return description;
    }

    /** Text columns on PostgreSQL cannot hold U+0000, so no database gets it. */
    private static void requireNoNulCharacter(String field, String value) {
        if (value.indexOf('\0') >= 0) {
            throw fieldError(field, "field '" + field + "' may not contain the NUL character (\\u0000)");
        }
    }

    private static boolean sameFields(Hook a, Hook b) {
        return a.name().equals(b.name()) && a.description().equals(b.description()) && a.type().equals(b.type())
                && a.content().equals(b.content()) && a.enabled() == b.enabled() && a.onError() == b.onError()
                && Objects.equals(a.url(), b.url()) && a.async() == b.async();
    }

    private static Hook find(HookDao dao, String tenantId, String id) {
        return dao.find(tenantId, id).orElseThrow(() -> HookboxException.notFound("no hook with id '" + id + "'"));
    }

    private static HookboxException fieldError(String field, String message) {
        return HookboxException.invalid(message, Map.of("field", field));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
