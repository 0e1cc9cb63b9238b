package io.hookbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.HookType;
import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.OnError;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.RunResult;
import io.hookbox.support.TestRuntime;
import io.hookbox.testrun.TestContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Auth0 Actions (each trigger, in each module form, sync and async) and Rules run as hooks of their type: their
 * {@code event} is read from the type's data, their {@code api} calls become changes to it, judged by the type's rules.
 */
class Auth0FormsTest {

    private static final PipelineRunner RUNNER = new PipelineRunner(TestRuntime.shared(), HookSource.NONE);

    /** Every module form of an Action exporting {@code handler} whose body is {@code body}, sync and async. */
    static Stream<Arguments> forms() {
        return Stream.of(
                        new Object[]{HookTypes.POST_LOGIN, "onExecutePostLogin",
                                "api.idToken.setCustomClaim('https://example.com/email', event.user.email);"},
                        new Object[]{HookTypes.PRE_REGISTER, "onExecutePreUserRegistration",
                                "api.user.setUserMetadata('signed_up_from', event.request.ip);"},
                        new Object[]{HookTypes.POST_REGISTER, "onExecutePostUserRegistration",
                                "console.log('welcome', event.user.user_id);"},
                        new Object[]{HookTypes.CREDENTIALS_EXCHANGE, "onExecuteCredentialsExchange",
                                "api.accessToken.setCustomClaim('https://example.com/client', event.client.name);"})
                .flatMap(trigger -> Stream.of("", "async ").flatMap(async -> Stream.of(
                        "exports.%1$s = %2$s(event, api) => { %3$s };",
                        "module.exports = { %1$s: %2$sfunction (event, api) { %3$s } };",
                        "const %1$s = %2$s(event, api) => { %3$s };\nmodule.exports = { %1$s };",
                        "export const %1$s = %2$s(event, api) => { %3$s };",
                        "export %2$sfunction %1$s(event, api) { %3$s }").map(form -> Arguments.of(trigger[0],
                        form.formatted(trigger[1], async, trigger[2])))));
    }

    @ParameterizedTest
    @MethodSource("forms")
    void everyTriggerRunsInEveryModuleFormSyncOrAsync(HookType type, String action) {
        JsonNode data = TestContexts.generate(type, 17);
        RunResult result = run(type, action, data);
        assertThat(result.succeeded()).as(action + " -> " + result.error()).isTrue();
        JsonNode after = result.result();
        switch (type.id()) {
            case "post-login" -> assertThat(after.at("/context/idToken/https:~1~1example.com~1email").asText())
                    .isEqualTo(data.at("/user/email").asText());
            case "pre-register" -> assertThat(after.at("/user/user_metadata/signed_up_from").asText())
                    .isEqualTo(data.at("/context/request/ip").asText());
            case "post-register" -> assertThat(result.console().get(0).message())
                    .isEqualTo("welcome " + data.at("/user/id").asText());
            default -> assertThat(after.at("/context/accessToken/https:~1~1example.com~1client").asText())
                    .isEqualTo(data.at("/context/clientName").asText());
        }
    }

    @Test
    void theEventNamesTheDataAsAuth0Does() {
        JsonNode data = TestContexts.generate(HookTypes.POST_LOGIN, 3);
        ((ObjectNode) data.at("/user/app_metadata")).putArray("roles").add("admin");
        RunResult result = run(HookTypes.POST_LOGIN, """
                exports.onExecutePostLogin = async (event, api) => {
                  api.user.setAppMetadata('seen', {
                    user_id: event.user.user_id, email: event.user.email, logins: event.stats.logins_count,
                    client: event.client.client_id, name: event.client.name, ip: event.request.ip,
                    agent: event.request.user_agent, roles: event.authorization.roles,
                    scopes: event.transaction.requested_scopes, connection: event.connection.name,
                    secrets: Object.keys(event.secrets).length, frozen: Object.isFrozen(event.secrets),
                  });
                };""", data);
        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        JsonNode seen = result.result().at("/user/app_metadata/seen");
        assertThat(seen.path("user_id").asText()).isEqualTo(data.at("/user/id").asText());
        assertThat(seen.path("email").asText()).isEqualTo(data.at("/user/email").asText());
        assertThat(seen.path("logins").asLong()).isEqualTo(data.at("/user/logins_count").asLong());
        assertThat(seen.path("client").asText()).isEqualTo(data.at("/context/clientID").asText());
        assertThat(seen.path("name").asText()).isEqualTo(data.at("/context/clientName").asText());
        assertThat(seen.path("ip").asText()).isEqualTo(data.at("/context/request/ip").asText());
        assertThat(seen.path("roles").toString()).isEqualTo("[\"admin\"]");
        assertThat(seen.path("scopes").get(0).asText()).isEqualTo(data.at("/context/accessToken/scope").asText().split(" ")[0]);
        assertThat(seen.path("connection").asText()).isEqualTo("database");
        assertThat(seen.path("secrets").asInt()).isZero();
        assertThat(seen.path("frozen").asBoolean()).isTrue();
    }

    @Test
    void denyFailsTheHookWithTheReasonOfEachTrigger() {
        assertThat(error(HookTypes.POST_LOGIN, "exports.onExecutePostLogin = async (event, api) => { api.access.deny('no entry'); };"))
                .isEqualTo("no entry");
        assertThat(error(HookTypes.PRE_REGISTER,
                "exports.onExecutePreUserRegistration = (event, api) => { api.access.deny('internal', 'Sign-ups are closed'); };"))
                .isEqualTo("Sign-ups are closed");
        assertThat(error(HookTypes.CREDENTIALS_EXCHANGE,
                "exports.onExecuteCredentialsExchange = (event, api) => { api.access.deny('invalid_scope', 'no admin'); };"))
                .isEqualTo("invalid_scope: no admin");
    }

    @Test
    void metadataAndClaimsAreAppliedInOrderAndNullDeletes() {
        JsonNode data = TestContexts.generate(HookTypes.POST_LOGIN, 5);
        RunResult result = run(HookTypes.POST_LOGIN, """
                exports.onExecutePostLogin = async (event, api) => {
                  api.user.setUserMetadata('theme', 'dark');
                  api.user.setAppMetadata('plan', 'gold');
                  api.user.setAppMetadata('plan', 'platinum');
                  api.user.setUserMetadata('theme', null);
                  api.accessToken.setCustomClaim('https://example.com/plan', 'platinum');
                };""", data);
        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.result().at("/user/app_metadata/plan").asText()).isEqualTo("platinum");
        assertThat(result.result().at("/user/user_metadata").has("theme")).isFalse();
        assertThat(result.result().at("/context/accessToken/https:~1~1example.com~1plan").asText()).isEqualTo("platinum");
    }

    @Test
    void aStandardClaimIsRefusedByTheTypesRules() {
        RunResult result = run(HookTypes.POST_LOGIN,
                "exports.onExecutePostLogin = (event, api) => { api.idToken.setCustomClaim('sub', 'someone-else'); };",
                TestContexts.generate(HookTypes.POST_LOGIN, 6));
        assertThat(result.errorCode()).isEqualTo(ErrorCode.FORBIDDEN_CHANGE);
    }

    @Test
    void anUnsupportedCallFailsTheHookRatherThanBeingIgnored() {
        assertThat(error(HookTypes.POST_LOGIN, "exports.onExecutePostLogin = async (event, api) => { api.multifactor.enable('any'); };"))
                .isEqualTo("api.multifactor.enable is not supported by hookbox");
        assertThat(error(HookTypes.POST_LOGIN, "exports.onExecutePostLogin = (event, api) => { api.redirect.sendUserTo('https://x.example'); };"))
                .isEqualTo("api.redirect.sendUserTo is not supported by hookbox");
        assertThat(error(HookTypes.POST_LOGIN, "exports.onExecutePostLogin = (event, api) => { api.accessToken.addScope('admin'); };"))
                .isEqualTo("api.accessToken.addScope is not supported by hookbox");
    }

    @Test
    void anActionWithoutTheTypesHandlerFailsAndSaysWhichItNeeds() {
        assertThat(error(HookTypes.POST_LOGIN, "exports.onExecuteCredentialsExchange = async (event, api) => {};"))
                .isEqualTo("this Action does not export onExecutePostLogin, which post-login hooks run");
        assertThat(error(HookTypes.PRE_LOGIN, "exports.onExecutePostLogin = async (event, api) => {};"))
                .isEqualTo("Auth0 Actions cannot run as pre-login hooks: Auth0 has no trigger for them");
    }

    @Test
    void theCacheKeepsValuesForTheRun() {
        RunResult result = run(HookTypes.POST_LOGIN, """
                exports.onExecutePostLogin = async (event, api) => {
                  api.cache.set('k', 'v');
                  api.idToken.setCustomClaim('https://example.com/cached', api.cache.get('k').value);
                  api.cache.delete('k');
                  api.idToken.setCustomClaim('https://example.com/gone', api.cache.get('k') === undefined);
                };""", TestContexts.generate(HookTypes.POST_LOGIN, 7));
        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.result().at("/context/idToken/https:~1~1example.com~1cached").asText()).isEqualTo("v");
        assertThat(result.result().at("/context/idToken/https:~1~1example.com~1gone").asBoolean()).isTrue();
    }

    // ---- Rules written as Auth0's published ones are (github.com/auth0/rules: roles by email domain, a domain
    // allow-list, a verified email, user_metadata): the same globals, calls and callback patterns, nothing adapted ----

    static final String ADD_ROLES_RULE = """
            function (user, context, callback) {
              // Roles should only be set to verified users.
              if (!user.email || !user.email_verified) {
                return callback(null, user, context);
              }
              user.app_metadata = user.app_metadata || {};
              // You can add a Role based on what you want
              // In this case I check domain
              const addRolesToUser = function (user) {
                const endsWith = '@example.com';
                if (user.email && (user.email.substring(user.email.length - endsWith.length, user.email.length) === endsWith)) {
                  return ['admin'];
                }
                return ['user'];
              };
              const roles = addRolesToUser(user);
              user.app_metadata.roles = roles;
              auth0.users.updateAppMetadata(user.user_id, user.app_metadata)
                .then(function () {
                  context.idToken['https://example.com/roles'] = user.app_metadata.roles;
                  callback(null, user, context);
                })
                .catch(function (err) {
                  callback(err);
                });
            }""";

    static final String EMAIL_DOMAIN_ALLOW_LIST_RULE = """
            function emailDomainWhitelist(user, context, callback) {
              // Access should only be granted to verified users.
              if (!user.email || !user.email_verified) {
                return callback(new UnauthorizedError('Access denied.'));
              }
              const whitelist = ['example.com', 'example.org']; //authorized domains
              const userHasAccess = whitelist.some(function (domain) {
                const emailSplit = user.email.split('@');
                return emailSplit[emailSplit.length - 1].toLowerCase() === domain;
              });
              if (!userHasAccess) {
                return callback(new UnauthorizedError('Access denied.'));
              }
              return callback(null, user, context);
            }""";

    static final String REQUIRE_VERIFIED_EMAIL_RULE = """
            function emailVerified(user, context, callback) {
              if (!user.email_verified) {
                return callback(
                  new UnauthorizedError('Please verify your email before logging in.')
                );
              } else {
                return callback(null, user, context);
              }
            }""";

    static final String USER_METADATA_RULE = """
            function (user, context, callback) {
              user.user_metadata = user.user_metadata || {};
              // update the user_metadata that will be part of the response
              user.user_metadata.color = 'red';
              // persist the user_metadata update
              auth0.users.updateUserMetadata(user.user_id, user.user_metadata)
                .then(function(){
                  callback(null, user, context);
                })
                .catch(function(err){
                  callback(err);
                });
            }""";

    @Test
    void rulesInAuth0sPublishedStyleRunUnchanged() {
        JsonNode verified = user("ann@example.com", true);
        RunResult roles = run(HookTypes.POST_LOGIN, ADD_ROLES_RULE, verified);
        assertThat(roles.succeeded()).as(String.valueOf(roles.error())).isTrue();
        assertThat(roles.result().at("/user/app_metadata/roles").toString()).isEqualTo("[\"admin\"]");
        assertThat(roles.result().at("/context/idToken/https:~1~1example.com~1roles").toString()).isEqualTo("[\"admin\"]");

        assertThat(run(HookTypes.POST_LOGIN, EMAIL_DOMAIN_ALLOW_LIST_RULE, verified).succeeded()).isTrue();
        assertThat(run(HookTypes.POST_LOGIN, EMAIL_DOMAIN_ALLOW_LIST_RULE, user("bob@elsewhere.test", true)).error().message())
                .isEqualTo("Access denied.");
        assertThat(run(HookTypes.POST_LOGIN, REQUIRE_VERIFIED_EMAIL_RULE, user("ann@example.com", false)).error().message())
                .isEqualTo("Please verify your email before logging in.");
        RunResult metadata = run(HookTypes.POST_LOGIN, USER_METADATA_RULE, verified);
        assertThat(metadata.result().at("/user/user_metadata/color").asText()).isEqualTo("red");
    }

    @Test
    void aRuleRunsOnlyAsAPostLoginHook() {
        assertThat(error(HookTypes.PRE_REGISTER, REQUIRE_VERIFIED_EMAIL_RULE))
                .isEqualTo("Auth0 Rules run as post-login hooks, not as pre-register hooks");
    }

    @Test
    void actionsRulesAndHandleHooksMixInOneChainInOrder() {
        List<PipelineHook> chain = List.of(
                new PipelineHook("a", "action", """
                        exports.onExecutePostLogin = async (event, api) => {
                          api.user.setAppMetadata('trail', ['action']);
                        };""", OnError.DENY, null),
                new PipelineHook("r", "rule", """
                        function (user, context, callback) {
                          user.app_metadata.trail = user.app_metadata.trail.concat('rule');
                          callback(null, user, context);
                        }""", OnError.DENY, null),
                new PipelineHook("h", "handle", """
                        function handle(data, callback) {
                          data.user.app_metadata.trail.push('handle');
                          callback(null, data);
                        }""", OnError.DENY, null),
                new PipelineHook("d", "deny", "exports.onExecutePostLogin = (event, api) => api.access.deny(event.user.app_metadata.trail.join(' > '));",
                        OnError.DENY, null),
                new PipelineHook("n", "never", "function handle(d, cb) { cb(new Error('ran after a deny')); }", OnError.DENY, null));
        PipelineResult result = RUNNER.run("auth0-forms", HookTypes.POST_LOGIN, TestContexts.generate(HookTypes.POST_LOGIN, 8), chain);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error().message()).isEqualTo("action > rule > handle");
        assertThat(result.steps()).extracting(PipelineStep::hookId).containsExactly("a", "r", "h", "d");
    }

    private static JsonNode user(String email, boolean verified) {
        ObjectNode data = TestContexts.generate(HookTypes.POST_LOGIN, 9).deepCopy();
        ((ObjectNode) data.get("user")).put("email", email).put("email_verified", verified);
        return data;
    }

    private static String error(HookType type, String source) {
        RunResult result = run(type, source, TestContexts.generate(type, 11));
        assertThat(result.succeeded()).as(source).isFalse();
        return result.error().message();
    }

    private static RunResult run(HookType type, String source, JsonNode data) {
        return RUNNER.runHook("auth0-forms", type, null, null, source, data);
    }
}
