// Widget URLs: base selection and encoding of what a person may type.
import { describe, expect, it } from "vitest";
import { encodeParam, widgetUrl } from "../../worker/yclients/widget.js";

const config = { companyId: 235564, formId: "777001", widgetBaseUrl: null };

describe("widget URL", () => {
  it("uses the form's host, the company timetable, or an explicit base", () => {
    expect(widgetUrl(config, { ycServiceId: 5 })).toBe("https://n777001.yclients.com/?services=5");
    expect(widgetUrl({ ...config, formId: null }, { ycServiceId: 5 })).toBe("https://yclients.com/timetable/235564?services=5");
    expect(widgetUrl({ ...config, widgetBaseUrl: "https://w.example/book?lang=ru" }, { ycServiceId: 5, ycStaffId: 9 })).toBe("https://w.example/book?lang=ru&services=5&staff=9");
  });

  it("encodes spaces, quotes, Cyrillic and the + of a phone", () => {
    const url = widgetUrl(config, { ycServiceId: 5, name: `Ольга "Ли" O'Brien`, email: "o+l@example.com", phone: "+79991234567" });
    expect(url).toBe(
      "https://n777001.yclients.com/?services=5&client_name=%D0%9E%D0%BB%D1%8C%D0%B3%D0%B0%20%22%D0%9B%D0%B8%22%20O%27Brien&client_email=o%2Bl%40example.com&client_phone=%2B79991234567",
    );
    expect(new URL(url).searchParams.get("client_name")).toBe(`Ольга "Ли" O'Brien`);
  });

  it("leaves out what is unknown", () => {
    expect(widgetUrl(config, { ycServiceId: 5, ycStaffId: null, name: " ", email: null })).toBe("https://n777001.yclients.com/?services=5");
    expect(encodeParam("(a)*!")).toBe("%28a%29%2A%21");
  });
});
