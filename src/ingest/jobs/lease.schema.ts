import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { LEASES_COLLECTION } from '../../pipeline/pipeline.collections.js';

/** A lock with an expiry: who holds it and until when. Lives in MongoDB so every replica sees it. */
@Schema({ collection: LEASES_COLLECTION, versionKey: false })
export class Lease {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true }) holder!: string;
  @Prop({ type: String, default: null }) jobId!: string | null;
  @Prop({ required: true }) expiresAt!: Date;
}

export const LeaseSchema = SchemaFactory.createForClass(Lease);
