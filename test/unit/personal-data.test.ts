import { randomBytes } from "node:crypto";
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import type { ClientCommand } from "../../domain/client/commands.ts";
import { ERASED } from "../../domain/client/personal-data.ts";
import { DEFAULT_SETTINGS } from "../../domain/settings.ts";
import { EVENT_TYPES, personalFields } from "../../events/catalogue.ts";
import { open, SealBroken, seal } from "../../events/crypto/cipher.ts";
import { LocalKeyWrapper } from "../../events/crypto/key-wrapper.ts";
import { KmsKeyWrapper } from "../../events/crypto/kms-key-wrapper.ts";
import { openPersonal, sealPersonal, splitPersonal } from "../../events/crypto/personal-values.ts";
import { executeCommand, PersonalDataAfterErasure } from "../../events/execute-command.ts";
import { InMemoryEventStore } from "../../events/store/memory-store.ts";

const owner = { tenantId: "t-1", clientId: "c-1" };

describe("which fields are personal: declared once, on the event catalogue", () => {
  it("marks the name, date of birth, every free-text note and the wearable accounts, and nothing else", () => {
    const declared = Object.fromEntries(
      EVENT_TYPES.flatMap((type) => (personalFields(type).length ? [[type, personalFields(type)]] : [])),
    );
    expect(declared).toEqual({
      ClientRegistered: ["name", "dateOfBirth"],
      AssessmentRecorded: ["notes"],
      ClientReferred: ["notes"],
      ClientCleared: ["notes"],
      WearableLinked: ["externalUserId"],
      WearableUnlinked: ["externalUserId"],
    });
  });
});

describe("sealing: AES-256-GCM bound to the tenant and client", () => {
  const key = randomBytes(32);

  it("opens what it sealed, and every seal of the same value differs (a fresh IV each time)", () => {
    const first = seal(key, "ctx", "Ada");
    expect(open(key, "ctx", first).toString()).toBe("Ada");
    expect(seal(key, "ctx", "Ada")).not.toBe(first);
  });

  it("refuses a tampered value, another key and another context", () => {
    const sealed = seal(key, "ctx", "Ada");
    const flipped = Buffer.from(sealed);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    expect(() => open(key, "ctx", flipped)).toThrow(SealBroken);
    expect(() => open(randomBytes(32), "ctx", sealed)).toThrow(SealBroken);
    expect(() => open(key, "other", sealed)).toThrow(SealBroken);
  });

  it("splits a record's personal values from the rest, leaving erased ones readable", () => {
    expect(splitPersonal({ name: "Ada", notes: ERASED, phase: 1 }, ["name", "notes", "dateOfBirth"])).toEqual(
      {
        readable: { notes: ERASED, phase: 1 },
        personal: { name: "Ada" },
      },
    );
  });

  it("without the key, each sealed field reads as the placeholder", () => {
    const sealed = sealPersonal(key, owner, "event", { name: "Ada", dateOfBirth: "1990-01-01" });
    expect(openPersonal(key, owner, "event", sealed)).toEqual({ name: "Ada", dateOfBirth: "1990-01-01" });
    expect(openPersonal(null, owner, "event", sealed)).toEqual({ name: ERASED, dateOfBirth: ERASED });
    expect(() => openPersonal(key, { ...owner, clientId: "c-2" }, "event", sealed)).toThrow(SealBroken);
    // Bound to its kind of item too: an event's sealed values do not open as a roster row's…
    expect(() => openPersonal(key, owner, "row", sealed)).toThrow(SealBroken);
    // …nor as holding other fields than the item names.
    expect(() => openPersonal(key, owner, "event", { ...sealed, fields: ["name"] })).toThrow(SealBroken);
  });
});

describe("wrapping data keys", () => {
  it("locally, under the master key: a wrapped key unwraps for its own client only", async () => {
    const wrapper = new LocalKeyWrapper(randomBytes(32));
    const { plaintext, wrapped } = await wrapper.generate(owner);
    expect(plaintext).toHaveLength(32);
    expect(Buffer.from(await wrapper.unwrap(wrapped, owner))).toEqual(Buffer.from(plaintext));
    await expect(wrapper.unwrap(wrapped, { ...owner, clientId: "c-2" })).rejects.toThrow(SealBroken);
  });

  it("in AWS, by KMS with the tenant and client as encryption context", async () => {
    const kms = mockClient(KMSClient);
    const plaintext = randomBytes(32);
    kms.on(GenerateDataKeyCommand).resolves({ Plaintext: plaintext, CiphertextBlob: Buffer.from("wrapped") });
    kms.on(DecryptCommand).resolves({ Plaintext: plaintext });
    const wrapper = new KmsKeyWrapper(new KMSClient({ region: "eu-west-1" }), "key-arn");
    const generated = await wrapper.generate(owner);
    await wrapper.unwrap(generated.wrapped, owner);
    const context = { purpose: "opt-client-data-key", tenantId: "t-1", clientId: "c-1" };
    expect(kms.commandCalls(GenerateDataKeyCommand)[0]?.args[0].input).toEqual({
      KeyId: "key-arn",
      KeySpec: "AES_256",
      EncryptionContext: context,
    });
    expect(kms.commandCalls(DecryptCommand)[0]?.args[0].input).toMatchObject({
      KeyId: "key-arn",
      EncryptionContext: context,
    });
    kms.restore();
  });
});

describe("commands after erasure (in memory)", () => {
  const store = new InMemoryEventStore();
  const key = { tenantId: "t-1", clientId: "c-9" };
  const run = (command: ClientCommand) =>
    executeCommand(store, {
      key,
      command,
      settings: DEFAULT_SETTINGS,
      meta: { actorId: "admin", correlationId: "c", source: "api" },
      recordedAt: "2026-01-10T09:00:00Z",
      requireExisting: command.type !== "RegisterClient",
      respond: (outcome) => outcome.state.name,
    });

  it("given an erased client, when pain is reported with notes, then refused naming notes; without notes it refers the client", async () => {
    await run({
      type: "RegisterClient",
      data: {
        clientId: "c-9",
        name: "Ada",
        dateOfBirth: "1990-04-01",
        goal: "general-fitness",
        locationId: "l",
        registeredAt: "2026-01-05T09:00:00Z",
      },
    });
    await run({
      type: "ErasePersonalData",
      data: { erasedAt: "2026-01-06T09:00:00Z", reason: "client-request" },
    });
    const withNotes = run({
      type: "ReportPain",
      data: { reportedAt: "2026-01-07T09:00:00Z", notes: "hurts" },
    });
    await expect(withNotes).rejects.toBeInstanceOf(PersonalDataAfterErasure);
    await expect(withNotes).rejects.toMatchObject({ fields: ["notes"] });
    await run({ type: "ReportPain", data: { reportedAt: "2026-01-07T09:00:00Z" } });
    const { events } = await store.readEvents(key);
    expect(events.map((event) => event.type)).toEqual([
      "ClientRegistered",
      "GoalSet",
      "PersonalDataErased",
      "ClientReferred",
    ]);
    expect(events[0]?.data).toMatchObject({ name: ERASED, dateOfBirth: ERASED });
  });
});
