package io.hookbox.testrun;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.data.Client;
import io.hookbox.hooks.data.RequestInfo;
import io.hookbox.hooks.data.SampleFacts;
import io.hookbox.hooks.data.SignInClaims;
import io.hookbox.hooks.data.StoredUser;
import io.hookbox.hooks.data.UserProfile;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Random but realistic facts for test contexts: people from many cultures with unicode names, emails on several
 * domains, IPv4 and IPv6 addresses, real user agents, E.164 phone numbers. Everything is drawn from one seeded
 * generator, and times are drawn around a fixed date rather than the clock, so the same seed always gives the
 * same facts. Not thread-safe: one instance per context.
 */
final class RandomFacts implements SampleFacts {

    /** Test contexts happen in the days after this instant: fixed, so a seed reproduces its context forever. */
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A name as written, and the ASCII form an email address or username is made from. */
    private record Name(String written, String ascii) {
    }

    private record Culture(String locale, String phoneCountryCode, int phoneDigits, boolean familyNameFirst,
                           String nameSeparator, List<Name> givenNames, List<Name> familyNames) {
    }

    private static final List<Culture> CULTURES = List.of(
            new Culture("de-DE", "49", 11, false, " ", names("Jürgen:jurgen", "Lena:lena", "Björn:bjorn", "Anneliese:anneliese"),
                    names("Müller:mueller", "Schröder:schroeder", "Weiß:weiss", "Krüger:krueger")),
            new Culture("fr-FR", "33", 9, false, " ", names("Chloé:chloe", "Amélie:amelie", "François:francois", "Loïc:loic"),
                    names("Dubois:dubois", "Lefèvre:lefevre", "Moreau:moreau", "Girard:girard")),
            new Culture("pl-PL", "48", 9, false, " ", names("Łukasz:lukasz", "Małgorzata:malgorzata", "Paweł:pawel"),
                    names("Kowalski:kowalski", "Wiśniewska:wisniewska", "Żółkiewski:zolkiewski")),
            new Culture("es-ES", "34", 9, false, " ", names("José:jose", "Begoña:begona", "Iñigo:inigo", "María:maria"),
                    names("García:garcia", "Núñez:nunez", "Martínez:martinez")),
            new Culture("en-IE", "353", 9, false, " ", names("Siobhán:siobhan", "Aoife:aoife", "Pádraig:padraig"),
                    names("O'Brien:obrien", "Ní Bhriain:nibhriain", "Murphy:murphy")),
            new Culture("tr-TR", "90", 10, false, " ", names("Ayşe:ayse", "Çağrı:cagri", "Gülşen:gulsen"),
                    names("Yılmaz:yilmaz", "Öztürk:ozturk", "Şahin:sahin")),
            new Culture("ru-RU", "7", 10, false, " ", names("Дмитрий:dmitry", "Анастасия:anastasia", "Сергей:sergey"),
                    names("Петров:petrov", "Смирнова:smirnova", "Кузнецов:kuznetsov")),
            new Culture("el-GR", "30", 10, false, " ", names("Αλέξανδρος:alexandros", "Ελένη:eleni", "Γιώργος:giorgos"),
                    names("Παπαδόπουλος:papadopoulos", "Οικονόμου:oikonomou")),
            new Culture("ja-JP", "81", 10, true, "", names("さくら:sakura", "翔太:shota", "陽菜:hina"),
                    names("田中:tanaka", "中村:nakamura", "佐藤:sato")),
            new Culture("ko-KR", "82", 10, true, "", names("민준:minjun", "서연:seoyeon", "지호:jiho"),
                    names("김:kim", "이:lee", "박:park")),
            new Culture("vi-VN", "84", 9, true, " ", names("Thị Hương:huong", "Văn Đức:duc", "Minh Anh:minhanh"),
                    names("Nguyễn:nguyen", "Trần:tran", "Lê:le")),
            new Culture("hi-IN", "91", 10, false, " ", names("Priya:priya", "Aarav:aarav", "Ananya:ananya"),
                    names("Sharma:sharma", "Iyer:iyer", "Chatterjee:chatterjee")),
            new Culture("en-NG", "234", 10, false, " ", names("Oluwaseun:oluwaseun", "Chiamaka:chiamaka", "Emeka:emeka"),
                    names("Okafor:okafor", "Adeyemi:adeyemi", "Nwosu:nwosu")),
            new Culture("pt-BR", "55", 11, false, " ", names("João:joao", "Conceição:conceicao", "Thiago:thiago"),
                    names("Silva:silva", "Gonçalves:goncalves", "Araújo:araujo")),
            new Culture("en-US", "1", 10, false, " ", names("Madison:madison", "Tyler:tyler", "Zoë:zoe"),
                    names("Johnson:johnson", "Rivera:rivera", "O'Connor:oconnor")),
            new Culture("sv-SE", "46", 9, false, " ", names("Åsa:asa", "Sören:soren", "Linnéa:linnea"),
                    names("Lindström:lindstrom", "Åkesson:akesson", "Berg:berg")));

    private static final List<String> EMAIL_DOMAINS = List.of("gmail.com", "outlook.com", "yahoo.co.jp", "proton.me",
            "icloud.com", "web.de", "example.com", "acme-corp.io", "mail.ru", "uni-heidelberg.de", "naver.com");

    private static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.104 Mobile Safari/537.36",
            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "okhttp/4.12.0",
            "curl/8.5.0");

    private static final List<String> CLIENT_NAMES = List.of("Acme Web", "Acme iOS", "Acme Android", "Partner Portal",
            "Support Console", "Storefront", "Internal Admin");
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella", "hooli");
    private static final List<String> THEMES = List.of("light", "dark", "system");
    private static final List<String> PLANS = List.of("free", "pro", "team", "enterprise");
    private static final List<String> ROLES = List.of("admin", "editor", "viewer", "billing");
    private static final List<String> REFERRERS = List.of("newsletter", "partner", "ads", "friend");

    private final SplittableRandom random;
    private final Instant now;

    RandomFacts(long seed) {
        this.random = new SplittableRandom(seed);
        this.now = EPOCH.plusSeconds(random.nextLong(Duration.ofDays(30).toSeconds())).truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public StoredUser storedUser() {
        UserProfile profile = newUser();
        Instant createdAt = now.minus(Duration.ofMinutes(random.nextLong(60, Duration.ofDays(900).toMinutes())))
                .minusMillis(random.nextInt(60_000));
        Instant updatedAt = between(createdAt, now);
        long logins = random.nextInt(5) == 0 ? 0 : random.nextLong(1, 500);
        Instant lastLogin = logins == 0 ? null : between(updatedAt, now);
        return new StoredUser(newUserId(), profile, createdAt, updatedAt, lastLogin, logins, false);
    }

    @Override
    public UserProfile newUser() {
        Culture culture = pick(CULTURES);
        Name given = pick(culture.givenNames());
        Name family = pick(culture.familyNames());
        String name = culture.familyNameFirst()
                ? family.written() + culture.nameSeparator() + given.written()
                : given.written() + culture.nameSeparator() + family.written();
        return new UserProfile(email(given, family), random.nextBoolean(),
                chance(2) ? null : given.ascii() + "_" + family.ascii() + random.nextInt(10, 1000),
                name, given.written(), family.written(),
                chance(3) ? "https://www.gravatar.com/avatar/" + hex(16) + "?d=identicon" : null,
                chance(2) ? phoneNumber(culture) : null,
                userMetadata(culture), appMetadata());
    }

    @Override
    public String newUserId() {
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    @Override
    public Client client() {
        return new Client(alphanumeric(32), pick(CLIENT_NAMES));
    }

    @Override
    public RequestInfo signInRequest(Client client, StoredUser user) {
        UserProfile profile = user.profile();
        ObjectNode body = NODES.objectNode().put("client_id", client.clientId())
                .put("username", profile.username() != null && random.nextBoolean() ? profile.username() : profile.email())
                .put("password", alphanumeric(14));
        if (random.nextBoolean()) {
            body.put("grant_type", "password").put("scope", "openid profile email").put("client_secret", alphanumeric(48));
        }
        return request(body, Map.of());
    }

    @Override
    public RequestInfo signUpRequest(Client client, UserProfile user) {
        ObjectNode body = NODES.objectNode().put("client_id", client.clientId()).put("email", user.email())
                .put("password", alphanumeric(16));
        if (user.username() != null) {
            body.put("username", user.username());
        }
        body.put("name", user.name());
        if (!user.userMetadata().isEmpty()) {
            body.set("user_metadata", user.userMetadata().deepCopy());
        }
        return request(body, chance(3) ? Map.of("ref", pick(REFERRERS)) : Map.of());
    }

    @Override
    public RequestInfo managementRequest(ObjectNode body) {
        return request(body == null ? NODES.objectNode() : body, Map.of());
    }

    @Override
    public ObjectNode userChanges(StoredUser user) {
        ObjectNode changes = NODES.objectNode();
        UserProfile other = newUser();
        switch (random.nextInt(5)) {
            case 0 -> changes.put("email", other.email()).put("email_verified", false);
            case 1 -> changes.put("name", other.name()).put("given_name", other.givenName()).put("family_name", other.familyName());
            case 2 -> changes.put("blocked", !user.blocked());
            case 3 -> changes.set("app_metadata", appMetadata());
            default -> changes.set("user_metadata", userMetadata(pick(CULTURES)));
        }
        return changes;
    }

    @Override
    public RequestInfo tokenRequest(Client client, String scope) {
        ObjectNode body = NODES.objectNode().put("grant_type", "client_credentials").put("client_id", client.clientId())
                .put("client_secret", alphanumeric(48));
        if (scope != null) {
            body.put("scope", scope);
        }
        return request(body, Map.of());
    }

    @Override
    public String requestedScope() {
        return chance(3) ? null : String.join(" ", List.of("read:orders", "write:orders", "read:users").subList(0, random.nextInt(1, 4)));
    }

    @Override
    public String issuer() {
        return "https://auth.example.com/t/" + pick(TENANTS);
    }

    @Override
    public boolean passwordVerified() {
        return !chance(4);
    }

    @Override
    public SignInClaims signInClaims(StoredUser user, Client client) {
        String scope = "openid profile email" + (chance(3) ? " phone" : "") + (chance(3) ? " offline_access" : "");
        return SignInClaims.issue("https://auth.example.com/t/" + pick(TENANTS), user, client, scope,
                now.truncatedTo(ChronoUnit.SECONDS), Duration.ofHours(1));
    }

    private RequestInfo request(ObjectNode body, Map<String, String> query) {
        String ip = chance(3) ? ipv6() : ipv4();
        String userAgent = chance(10) ? null : pick(USER_AGENTS);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "auth.example.com");
        if (userAgent != null) {
            headers.put("User-Agent", userAgent);
        }
        headers.put("Accept", "application/json");
        headers.put("Accept-Language", pick(CULTURES).locale() + ",en;q=0.8");
        headers.put("Content-Type", "application/json");
        headers.put("X-Forwarded-For", ip);
        headers.put("Cookie", "hookbox_session=" + alphanumeric(24));
        return new RequestInfo(query, body, userAgent, ip, headers);
    }

    private String email(Name given, Name family) {
        String local = switch (random.nextInt(4)) {
            case 0 -> given.ascii() + "." + family.ascii();
            case 1 -> given.ascii() + family.ascii() + random.nextInt(1, 100);
            case 2 -> given.ascii().charAt(0) + "." + family.ascii();
            default -> family.ascii() + "_" + given.ascii();
        };
        return local + "@" + pick(EMAIL_DOMAINS);
    }

    private String phoneNumber(Culture culture) {
        StringBuilder number = new StringBuilder("+").append(culture.phoneCountryCode()).append(random.nextInt(1, 10));
        for (int i = 1; i < culture.phoneDigits(); i++) {
            number.append(random.nextInt(10));
        }
        return number.toString();
    }

    private ObjectNode userMetadata(Culture culture) {
        ObjectNode metadata = NODES.objectNode();
        if (random.nextBoolean()) {
            metadata.put("locale", culture.locale());
        }
        if (random.nextBoolean()) {
            metadata.put("theme", pick(THEMES));
        }
        if (random.nextBoolean()) {
            metadata.put("newsletter", random.nextBoolean());
        }
        return metadata;
    }

    private ObjectNode appMetadata() {
        ObjectNode metadata = NODES.objectNode();
        if (chance(4)) {
            return metadata;
        }
        metadata.put("plan", pick(PLANS));
        var roles = metadata.putArray("roles");
        ROLES.stream().filter(role -> chance(3)).forEach(roles::add);
        return metadata;
    }

    private String ipv4() {
        // public-looking unicast: first octet not 0, 10, 127 or multicast
        int first = pick(List.of(23, 31, 45, 62, 78, 81, 91, 104, 141, 176, 185, 193, 203, 212));
        return first + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    private String ipv6() {
        StringBuilder address = new StringBuilder(pick(List.of("2a02", "2a01", "2001", "2600", "2406", "2804")));
        for (int i = 1; i < 8; i++) {
            address.append(':').append(Integer.toHexString(random.nextInt(1, 0x10000)));
        }
        return address.toString();
    }

    private Instant between(Instant from, Instant to) {
        long span = Duration.between(from, to).toMillis();
        return span <= 0 ? from : from.plusMillis(random.nextLong(span));
    }

    private String hex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private String alphanumeric(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            value.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return value.toString();
    }

    private boolean chance(int oneIn) {
        return random.nextInt(oneIn) == 0;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static List<Name> names(String... writtenAndAscii) {
        return Arrays.stream(writtenAndAscii).map(pair -> {
            String[] parts = pair.split(":");
            return new Name(parts[0], parts[1].toLowerCase(Locale.ROOT));
        }).toList();
    }
}
