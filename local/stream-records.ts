import type { _Record, AttributeValue as StreamAttributeValue } from "@aws-sdk/client-dynamodb-streams";
import type { AttributeValue, DynamoDBRecord } from "aws-lambda";

/** A DynamoDB Streams record in the shape Lambda hands to a DynamoDBStreamHandler. */
export function toLambdaRecord(record: _Record, eventSourceARN: string): DynamoDBRecord {
  const { dynamodb: stream = {} } = record;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: "aws:dynamodb",
    eventSourceARN,
    awsRegion: record.awsRegion,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
    dynamodb: {
      // Lambda sends epoch seconds; the SDK parses the field into a Date.
      ApproximateCreationDateTime: stream.ApproximateCreationDateTime
        ? stream.ApproximateCreationDateTime.getTime() / 1000
        : undefined,
      Keys: toImage(stream.Keys),
      ...(stream.NewImage ? { NewImage: toImage(stream.NewImage) } : {}),
      ...(stream.OldImage ? { OldImage: toImage(stream.OldImage) } : {}),
      SequenceNumber: stream.SequenceNumber,
      SizeBytes: stream.SizeBytes,
      StreamViewType: stream.StreamViewType,
    },
  };
}

function toImage(image: Record<string, StreamAttributeValue> | undefined): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image ?? {}).map(([name, value]) => [name, toLambdaValue(value)]));
}

// Lambda events carry binary values as base64 strings; the SDK hands out bytes.
function toLambdaValue(value: StreamAttributeValue): AttributeValue {
  if (value.B) return { B: Buffer.from(value.B).toString("base64") };
  if (value.BS) return { BS: value.BS.map((b) => Buffer.from(b).toString("base64")) };
  if (value.L) return { L: value.L.map(toLambdaValue) };
  if (value.M) return { M: toImage(value.M) };
  // DynamoDB Local's stream drops the type of an empty map (`{}` for `{"M":{}}`); Lambda sends `{"M":{}}`.
  if (Object.keys(value).length === 0) return { M: {} };
  return value as AttributeValue;
}
