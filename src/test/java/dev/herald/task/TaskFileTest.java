package dev.herald.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Uploading a task's file: CSV and XLSX as spreadsheet programs write them, per-row errors, refusals. */
class TaskFileTest extends TaskTestSupport {

    @BeforeEach
    void account() {
        signUp();
    }

    @Test
    void aCsvWithBomSemicolonsQuotedFieldsAndCyrillicIsReadRowByRow() {
        String id = smsTask("");
        String csv = "\uFEFFPhone;externalCustomerId;Примечание\r\n"
                + "+7 (900) 123-00-01;\"Иванов; Иван\";VIP\r\n"
                + "79001230002;\"многострочный\nклиент \"\"Ёж\"\"\";\r\n"
                + ";;\r\n"
                + "79001230003;Пётр;\r\n";
        ApiClient.Response uploaded = uploadCsv(id, csv);

        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(200);
        JsonNode task = uploaded.json();
        assertThat(task.get("status").asString()).isEqualTo("READY");
        assertThat(task.at("/file/rows").asInt()).isEqualTo(3);
        assertThat(task.at("/file/invalidRows").asInt()).isZero();
        assertThat(task.at("/file/columns").toString()).isEqualTo("[\"phone\",\"externalCustomerId\"]");
        assertThat(task.at("/file/ignoredColumns").toString()).isEqualTo("[\"Примечание\"]");
        assertThat(task.at("/file/name").asString()).isEqualTo("recipients.csv");

        JsonNode rows = api.get("/api/v1/tasks/" + id + "/rows").json();
        assertThat(rows.get("count").asInt()).isEqualTo(3);
        assertThat(rows.at("/items/0/destination/phone").asString()).isEqualTo("+7 (900) 123-00-01");
        assertThat(rows.at("/items/0/destination/externalCustomerId").asString()).isEqualTo("Иванов; Иван");
        assertThat(rows.at("/items/1/destination/externalCustomerId").asString()).isEqualTo("многострочный\nклиент \"Ёж\"");
        assertThat(rows.at("/items/2/destination/externalCustomerId").asString()).isEqualTo("Пётр");
        // The blank line is skipped, and numbers stay those a spreadsheet shows (the header is row 1).
        assertThat(rows.at("/items/0/row").asInt()).isEqualTo(2);
        assertThat(rows.at("/items/2/row").asInt()).isEqualTo(5);
        assertThat(rows.at("/items/0/state").asString()).isEqualTo("WAITING");
    }

    @Test
    void aCommaSeparatedCsvWithoutBomIsReadToo() {
        String id = smsTask("");
        JsonNode task = uploadCsv(id, "phone,contactId\n79001230011,42\n\"79001230012\",\n").json();
        assertThat(task.get("status").asString()).isEqualTo("READY");
        assertThat(task.at("/file/rows").asInt()).isEqualTo(2);
        JsonNode rows = api.get("/api/v1/tasks/" + id + "/rows").json();
        assertThat(rows.at("/items/0/destination/contactId").asLong()).isEqualTo(42);
    }

    @Test
    void anXlsxWorkbookIsReadWithNumbersAsTheirDigitsAndCyrillicText() throws IOException {
        String id = createTask("{\"name\":\"xlsx\",\"channels\":{\"sms\":{\"text\":\"Привет\"},\"email\":{\"subject\":\"s\",\"text\":\"Привет\"}}}");
        byte[] workbook;
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("Лист1");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("phone");
            header.createCell(1).setCellValue("email");
            header.createCell(3).setCellValue("externalCustomerId");
            Row first = sheet.createRow(1);
            first.createCell(0).setCellValue(380501234561d); // typed as a number: Excel would show 3.80501E+11
            first.createCell(3).setCellValue("Ольга");
            Row second = sheet.createRow(2);
            second.createCell(1).setCellValue("ivan@example.com");
            second.createCell(3).setCellValue(7);
            Row bad = sheet.createRow(4); // row 4 of the sheet is left empty
            bad.createCell(0).setCellValue("not a phone");
            book.write(out);
            workbook = out.toByteArray();
        }
        ApiClient.Response uploaded = upload(id, "recipients.xlsx", workbook);

        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(200);
        assertThat(uploaded.json().at("/file/rows").asInt()).isEqualTo(3);
        assertThat(uploaded.json().at("/file/invalidRows").asInt()).isEqualTo(1);
        JsonNode rows = api.get("/api/v1/tasks/" + id + "/rows").json();
        assertThat(rows.at("/items/0/destination/phone").asString()).isEqualTo("380501234561");
        assertThat(rows.at("/items/0/destination/externalCustomerId").asString()).isEqualTo("Ольга");
        assertThat(rows.at("/items/1/destination/email").asString()).isEqualTo("ivan@example.com");
        assertThat(rows.at("/items/1/destination/externalCustomerId").asString()).isEqualTo("7");
        JsonNode errors = api.get("/api/v1/tasks/" + id + "/errors").json();
        assertThat(errors.at("/items/0/row").asInt()).isEqualTo(5);
        assertThat(errors.at("/items/0/errors/0/column").asString()).isEqualTo("phone");
        assertThat(errors.at("/items/0/errors/0/value").asString()).isEqualTo("not a phone");
    }

    @Test
    void everyBadRowIsListedWithItsNumberColumnAndProblemAndTheValidRowsStay() {
        String id = smsTask("");
        String csv = "phone,contactId\n"
                + "79001230021,\n"
                + "12ab,\n"
                + ",\n"
                + ",x1\n"
                + "79001230025,5\n";
        JsonNode task = uploadCsv(id, csv).json();

        assertThat(task.get("status").asString()).isEqualTo("READY");
        assertThat(task.at("/file/rows").asInt()).isEqualTo(4);
        assertThat(task.at("/file/invalidRows").asInt()).isEqualTo(2);
        assertThat(task.at("/progress/total").asInt()).isEqualTo(4);
        assertThat(task.at("/progress/invalid").asInt()).isEqualTo(2);
        assertThat(task.at("/progress/waiting").asInt()).isEqualTo(2);

        JsonNode errors = api.get("/api/v1/tasks/" + id + "/errors").json();
        assertThat(errors.get("count").asInt()).isEqualTo(2);
        JsonNode badPhone = errors.at("/items/0");
        assertThat(badPhone.get("row").asInt()).isEqualTo(3);
        assertThat(badPhone.at("/errors/0/column").asString()).isEqualTo("phone");
        assertThat(badPhone.at("/errors/0/value").asString()).isEqualTo("12ab");
        assertThat(badPhone.at("/errors/0/message").asString()).contains("phone number");
        JsonNode badContact = errors.at("/items/1");
        assertThat(badContact.get("row").asInt()).isEqualTo(5);
        List<String> problems = new ArrayList<>();
        badContact.get("errors").forEach(e -> problems.add(e.get("column").asString() + ": " + e.get("message").asString()));
        assertThat(problems).containsExactly("contactId: must be a whole number", "phone: no address: fill in phone");
    }

    @Test
    void allOrNothingRefusesTheWholeFileAndTheTaskCannotStart() {
        String id = smsTask(",\"allOrNothing\":true");
        JsonNode task = uploadCsv(id, "phone\n79001230031\nnope\n").json();

        assertThat(task.get("status").asString()).isEqualTo("DRAFT");
        assertThat(task.get("problem").asString()).contains("refused as a whole").contains("1 of 2");
        assertThat(api.post("/api/v1/tasks/" + id + "/start", "").status()).isEqualTo(409);
        assertThat(api.get("/api/v1/tasks/" + id + "/errors").json().get("count").asInt()).isEqualTo(1);

        JsonNode fixed = uploadCsv(id, "phone\n79001230031\n79001230032\n").json();
        assertThat(fixed.get("status").asString()).isEqualTo("READY");
        assertThat(fixed.get("problem").isNull()).isTrue();
        assertThat(api.get("/api/v1/tasks/" + id + "/errors").json().get("count").asInt()).isZero();
    }

    @Test
    void filesThatCannotBeUsedAreRefusedWithTheReason() {
        String id = smsTask("");
        assertFileProblem(uploadCsv(id, "name,comment\nIvan,hi\n"), "names none of the columns phone");
        assertFileProblem(uploadCsv(id, "phone\n"), "no rows of recipients");
        assertFileProblem(uploadCsv(id, "phone,Phone\n1,2\n"), "appears twice");
        assertFileProblem(upload(id, "recipients.csv", "phone\n7900123;Иван\n".getBytes(Charset.forName("windows-1251"))),
                "not UTF-8");
        assertFileProblem(upload(id, "old.xls", new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0}), ".xls");
        assertFileProblem(uploadCsv(id, "phone\n\"79001230001\n"), "malformed");
        assertThat(task(id).get("status").asString()).isEqualTo("DRAFT");
    }

    private static void assertFileProblem(ApiClient.Response response, String text) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.json().at("/errors/0/field").asString()).isEqualTo("file");
        assertThat(response.json().at("/errors/0/message").asString()).contains(text);
    }

    @Test
    void fileTemplatesNameTheAddressColumnsOfTheChannelsAndTheIdentifiers() throws IOException {
        ApiClient.Response csv = api.get("/api/v1/tasks/template.csv?channels=sms,email");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Disposition")).contains("herald-task-template.csv");
        assertThat(csv.text()).isEqualTo("\uFEFFphone,email,contactId,externalCustomerId\r\n");

        String id = createTask("{\"name\":\"t\",\"channels\":{\"telegram\":{\"text\":\"hi\"}}}");
        assertThat(api.get("/api/v1/tasks/" + id + "/template.csv").text())
                .isEqualTo("\uFEFFmessengerUserId,contactId,externalCustomerId\r\n");

        byte[] xlsx = Multipart.getBytes(base(), token, "/api/v1/tasks/template.xlsx?channels=whatsapp");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Row header = book.getSheetAt(0).getRow(0);
            List<String> names = new ArrayList<>();
            header.forEach(cell -> names.add(cell.getStringCellValue()));
            assertThat(names).containsExactly("phone", "messengerUserId", "contactId", "externalCustomerId");
        }
        assertThat(api.get("/api/v1/tasks/template.csv?channels=fax").status()).isEqualTo(400);
    }

    @Test
    void aTaskIsCheckedByTheIntakesRulesWhenCreated() {
        ApiClient.Response response = api.post("/api/v1/tasks", "{\"name\":\"\",\"channels\":{\"sms\":{\"text\":\"Hi {{name}}\"},"
                + "\"fax\":{}},\"allowedTimeRanges\":[[\"9:00\"]],\"timeZone\":\"Mars/Base\",\"ratePerMinute\":0}");
        assertThat(response.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("name", "ratePerMinute", "channels.sms.text", "channels.fax", "timeZone",
                "allowedTimeRanges[0]");
        assertThat(api.post("/api/v1/tasks", "{\"name\":\"x\"}").json().at("/errors/0/field").asString())
                .isEqualTo("channels");
    }

    @Test
    void anotherAccountSeesNoneOfTheTask() {
        String id = smsTask("");
        uploadCsv(id, "phone\n79001230041\n");
        ApiClient stranger = newAccount();
        assertThat(stranger.get("/api/v1/tasks/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/tasks/" + id + "/rows").status()).isEqualTo(404);
        assertThat(stranger.post("/api/v1/tasks/" + id + "/start", "").status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/tasks").json().get("count").asInt()).isZero();
        assertThat(api.get("/api/v1/tasks").json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void createWithTheFileInOneRequestStoresBothOrNeither() {
        ApiClient.Response created = Multipart.post(base(), token, "/api/v1/tasks",
                Multipart.Part.json("task", "{\"name\":\"one go\",\"channels\":{\"sms\":{\"text\":\"hi\"}}}"),
                Multipart.Part.file("r.csv", "phone\n79001230051\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("READY");

        ApiClient.Response refused = Multipart.post(base(), token, "/api/v1/tasks",
                Multipart.Part.json("task", "{\"name\":\"bad file\",\"channels\":{\"sms\":{\"text\":\"hi\"}}}"),
                Multipart.Part.file("r.csv", "nothing\n1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/tasks").json().get("count").asInt()).isEqualTo(1);
    }
}
