import { describe, expect, it } from "vitest";
import { errnoOfIpvsadmMessage, ipvsErrorMessage } from "../../src/kernel/errors.ts";

describe("kernel refusals in ipvsadm's words", () => {
  it("the same errno means different things per operation", () => {
    expect(ipvsErrorMessage("add-service", 2)).toBe("Scheduler or persistence engine not found");
    expect(ipvsErrorMessage("delete-dest", 2)).toBe("No such destination");
    expect(ipvsErrorMessage("add-dest", 3)).toBe("Service not defined");
    expect(ipvsErrorMessage("delete-service", 3)).toBe("No such service");
    expect(ipvsErrorMessage("add-service", 17)).toBe("Service already exists");
    expect(ipvsErrorMessage("add-dest", 17)).toBe("Destination already exists");
  });
  it("EINVAL is ipvsadm's 'Invalid operation' whatever the command", () => {
    expect(ipvsErrorMessage("add-dest", 22)).toBe("Invalid operation.  Possibly wrong module version, address not unicast, ...");
    expect(errnoOfIpvsadmMessage("add-dest", "Invalid operation.  Possibly wrong module version, address not unicast, ...")).toBe(22);
  });
  it("maps ipvsadm's messages back to the errno", () => {
    expect(errnoOfIpvsadmMessage("edit-dest", "No such destination")).toBe(2);
    expect(errnoOfIpvsadmMessage("add-service", "Service already exists")).toBe(17);
    expect(errnoOfIpvsadmMessage("add-service", "something new")).toBe(0);
  });
});
