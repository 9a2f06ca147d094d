// The booking form URL: the form's host, the (unofficial) deep link behind
// one switch, and nothing personal in it.
import { describe, expect, it } from "vitest";
import { configuredFormBase, widgetUrl } from "../../worker/yclients/widget.js";

describe("booking form URL", () => {
  it("is the form's own host, or an explicit base; never the admin journal", () => {
    expect(configuredFormBase({ formId: "777001", widgetBaseUrl: null })).toBe("https://n777001.yclients.com");
    expect(configuredFormBase({ formId: "777001", widgetBaseUrl: "http://127.0.0.1:9999/" })).toBe("http://127.0.0.1:9999");
    expect(configuredFormBase({ formId: null, widgetBaseUrl: null })).toBeNull();
    expect(configuredFormBase({ formId: "77/../x", widgetBaseUrl: null })).toBeNull();
  });

  it("deep-links to the service and master, or any master", () => {
    expect(widgetUrl("https://n777001.yclients.com", 235564, { ycServiceId: 5147108, ycStaffId: 1901 }, true)).toBe(
      "https://n777001.yclients.com/company/235564/personal/select-time?o=m1901s5147108",
    );
    expect(widgetUrl("https://n777001.yclients.com/", 235564, { ycServiceId: 5147108, ycStaffId: null }, true)).toBe(
      "https://n777001.yclients.com/company/235564/personal/select-time?o=m-1s5147108",
    );
  });

  it("opens the form's start page when the salon switches deep links off", () => {
    expect(widgetUrl("https://n777001.yclients.com", 235564, { ycServiceId: 5147108, ycStaffId: 1901 }, false)).toBe("https://n777001.yclients.com/");
  });
});
