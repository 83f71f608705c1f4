//! The OpenAPI 3.1 document of the ingest API, served at `GET /api/v1/openapi.json`. Written by
//! hand next to the handlers; `docs/openapi.json` is a snapshot of it (a test fails when they
//! differ: `UPDATE_SNAPSHOTS=1 cargo test -p server --test ingest` rewrites it). The domain
//! objects inside the bodies (`Project`, `Notice`, `Bid`, …) are those of the project file,
//! described field by field in docs/project-json.md.

use serde_json::{json, Value};
use shared::ingest::Kind;

fn model(name: &str, description: &str) -> Value {
    json!({
        "type": "object",
        "description": format!(
            "{description} The `{name}` object of the project file: fields, types and meaning in docs/project-json.md. Unknown fields are refused."
        ),
    })
}

fn write_operation(
    id: &str,
    summary: &str,
    kind: Kind,
    schema: &str,
    with_project_id: bool,
) -> Value {
    let mut parameters = vec![json!({ "$ref": "#/components/parameters/IdempotencyKey" })];
    if with_project_id {
        parameters.push(json!({ "$ref": "#/components/parameters/ProjectId" }));
    }
    let nodes: Vec<&str> = kind.nodes().iter().map(|n| n.name().en).collect();
    let checks = if nodes.is_empty() {
        "Runs no checks (a budget line alone is no step of a project).".to_owned()
    } else if kind == Kind::Plan {
        format!(
            "Filed as in the web app (shared::plan): the checks of the nodes {}; refused (422 `refused`) while P01 flags, every other flag stored as a warning.",
            nodes.join("; ")
        )
    } else {
        format!("Runs the checks of the nodes: {}.", nodes.join("; "))
    };
    json!({
        "operationId": id,
        "summary": summary,
        "description": format!("Needs a key with the kind `{}`. {checks}", kind.code()),
        "tags": ["ingest"],
        "parameters": parameters,
        "requestBody": {
            "required": true,
            "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
        },
        "responses": {
            "201": {
                "description": "Stored (or, with the header `Idempotent-Replayed: true`, the first answer to this Idempotency-Key).",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Created" } } }
            },
            "400": { "$ref": "#/components/responses/IdempotencyKeyRequired" },
            "401": { "$ref": "#/components/responses/Unauthorized" },
            "403": { "$ref": "#/components/responses/Forbidden" },
            "404": { "$ref": "#/components/responses/NotFound" },
            "409": { "$ref": "#/components/responses/Conflict" },
            "413": { "$ref": "#/components/responses/PayloadTooLarge" },
            "415": { "$ref": "#/components/responses/UnsupportedMediaType" },
            "422": { "$ref": "#/components/responses/Invalid" },
            "503": { "$ref": "#/components/responses/Unavailable" }
        }
    })
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

/// The document.
pub fn document() -> Value {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Yiwang ingest API",
            "version": "1.0.0",
            "description": "Records from external systems: budget lines and payments (finance system); plans, notices, bids after opening, evaluation results, awards and contracts (trading systems). Money in fen (integers), instants as `YYYY-MM-DDTHH:MM[:SS]` China time unless an offset is given (docs/project-json.md). Guide: docs/ingest.md."
        },
        "servers": [{ "url": "/api/v1" }],
        "security": [{ "apiKey": [] }],
        "tags": [{ "name": "ingest", "description": "Writes from external systems" }],
        "paths": {
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "security": [],
                    "responses": { "200": { "description": "The OpenAPI document", "content": { "application/json": {} } } }
                }
            },
            "/units": { "post": write_operation("putUnit", "A purchaser unit (预算单位) from the budget system: created, or updated when its credit code is known", Kind::Unit, "UnitInput", false) },
            "/budget-lines": { "post": write_operation("createBudgetLine", "A budget line (预算指标) of a budget unit", Kind::BudgetLine, "BudgetLineInput", false) },
            "/plans": { "post": write_operation("createPlan", "A procurement plan (采购实施计划) charged to a budget line", Kind::Plan, "PlanInput", false) },
            "/projects/{project_id}/notices": { "post": write_operation("addNotice", "A published notice; the first notice of a project brings the project", Kind::Notice, "NoticeInput", true) },
            "/projects/{project_id}/bids": { "post": write_operation("addBids", "The bids as opened (after the opening only)", Kind::Bid, "BidsInput", true) },
            "/projects/{project_id}/evaluations": { "post": write_operation("addEvaluation", "An evaluation report version with the panel and score sheets", Kind::Evaluation, "EvaluationInput", true) },
            "/projects/{project_id}/awards": { "post": write_operation("addAward", "The award of the project or of one lot", Kind::Award, "AwardInput", true) },
            "/projects/{project_id}/contracts": { "post": write_operation("addContract", "A signed contract", Kind::Contract, "ContractInput", true) },
            "/payments": { "post": write_operation("addPayment", "A treasury payment for a project a trading system sent", Kind::Payment, "PaymentInput", false) }
        },
        "components": {
            "securitySchemes": {
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "yw_<12 hex>_<64 hex>",
                    "description": format!("A key made by `yiwang apikey create --name SYSTEM --jurisdiction CODE --kinds LIST`; kinds: {}. A city key (320400) covers every district.", kinds.join(", "))
                }
            },
            "parameters": {
                "IdempotencyKey": {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": true,
                    "description": "Chosen by the client, unique per write (e.g. a UUID). The same key with the same body answers the first answer and stores nothing; with another body: 422.",
                    "schema": { "type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[!-~]+$" }
                },
                "ProjectId": {
                    "name": "project_id",
                    "in": "path",
                    "required": true,
                    "description": "The trading system's project id (项目编号); projects are kept per key name.",
                    "schema": { "type": "string", "minLength": 1, "maxLength": 100 }
                }
            },
            "responses": {
                "IdempotencyKeyRequired": error_response("`idempotency_key_required`: no or a malformed Idempotency-Key header."),
                "Unauthorized": error_response("`unauthorized`: no key, an unknown or a revoked one (one answer for all)."),
                "Forbidden": error_response("`forbidden`: the key may not send this kind, or not for the record's jurisdiction."),
                "NotFound": error_response("`not_found`: no such project for this source."),
                "Conflict": error_response("`conflict`: clashes with stored data (a budget line code used already, a project created concurrently)."),
                "PayloadTooLarge": error_response("`payload_too_large`: the body is over 64 KiB."),
                "UnsupportedMediaType": error_response("`unsupported_media_type`: the body is not declared JSON."),
                "Invalid": error_response("`invalid` with field errors; `refused`: the law forbids the step while a check flags (a plan over or without budget, P01), with the findings; `idempotency_key_reused`. Nothing stored."),
                "Unavailable": error_response("`unavailable`: retry later with the same Idempotency-Key.")
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "message_zh", "message_en", "fields"],
                    "properties": {
                        "error": { "type": "string", "enum": ["unauthorized", "forbidden", "idempotency_key_required", "idempotency_key_reused", "unsupported_media_type", "payload_too_large", "not_found", "no_such_endpoint", "invalid", "refused", "conflict", "unavailable"] },
                        "message_zh": { "type": "string" },
                        "message_en": { "type": "string" },
                        "fields": { "type": "array", "items": { "$ref": "#/components/schemas/FieldError" } },
                        "findings": { "type": "array", "items": { "$ref": "#/components/schemas/Finding" }, "description": "With `refused`: the flags that forbid the step." }
                    }
                },
                "FieldError": {
                    "type": "object",
                    "required": ["field", "code", "message_zh", "message_en"],
                    "properties": {
                        "field": { "type": "string", "description": "The field path in the body, e.g. `bids[1].price`." },
                        "code": { "type": "string", "description": "Stable machine-readable code, e.g. `amount.not_positive`." },
                        "message_zh": { "type": "string" },
                        "message_en": { "type": "string" }
                    }
                },
                "Created": {
                    "type": "object",
                    "required": ["id", "kind", "findings"],
                    "properties": {
                        "id": { "type": "integer", "description": "The stored budget line, plan or project." },
                        "kind": { "type": "string", "enum": kinds },
                        "project_id": { "type": "string", "description": "The trading system's project id (project kinds only)." },
                        "findings": { "type": "array", "items": { "$ref": "#/components/schemas/Finding" } }
                    }
                },
                "Finding": {
                    "type": "object",
                    "required": ["check_id", "stage", "severity", "message_zh", "message_en"],
                    "properties": {
                        "check_id": { "type": "string", "description": "The check (docs/checks.md), e.g. `P01`." },
                        "stage": { "type": "string", "enum": ["pre", "during", "post"] },
                        "severity": { "type": "string", "enum": ["critical", "high", "medium", "low"] },
                        "message_zh": { "type": "string" },
                        "message_en": { "type": "string" }
                    }
                },
                "UnitInput": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["credit_code", "name", "jurisdiction"],
                    "properties": {
                        "credit_code": { "type": "string", "minLength": 18, "maxLength": 18, "description": "The unit's 统一社会信用代码: sent again, it updates the unit." },
                        "name": { "type": "string", "minLength": 2, "maxLength": 100 },
                        "jurisdiction": { "type": "string", "pattern": "^[0-9]{6}$", "description": "GB/T 2260 code of the unit's jurisdiction (within the key's)." }
                    }
                },
                "BudgetLineInput": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["unit", "fiscal_year", "code", "name", "approved_amount"],
                    "properties": {
                        "unit": { "type": "string", "description": "The budget unit: its 统一社会信用代码 or its platform id." },
                        "fiscal_year": { "type": "integer", "minimum": 2015, "maximum": 2035 },
                        "code": { "type": "string", "maxLength": 40, "pattern": "^[A-Za-z0-9.-]+$", "description": "The finance system's line code, unique per unit and year." },
                        "name": { "type": "string", "maxLength": 100 },
                        "approved_amount": { "type": "integer", "exclusiveMinimum": 0, "description": "Fen." },
                        "adjusted_amount": { "type": ["integer", "null"], "minimum": 0, "description": "Fen, after a budget adjustment." }
                    }
                },
                "PlanInput": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["unit", "fiscal_year", "budget_line_code", "name", "object_type", "category_code", "amount", "method", "planned_date"],
                    "properties": {
                        "unit": { "type": "string", "description": "The budget unit: its 统一社会信用代码 or its platform id." },
                        "fiscal_year": { "type": "integer", "minimum": 2015, "maximum": 2035 },
                        "budget_line_code": { "type": "string", "description": "The unit's budget line of that year the plan is charged to." },
                        "name": { "type": "string", "maxLength": 100 },
                        "object_type": { "type": "string", "enum": ["goods", "services", "works"] },
                        "category_code": { "type": "string", "description": "政府采购品目分类目录 code of the catalogue, of the plan's object type." },
                        "amount": { "type": "integer", "exclusiveMinimum": 0, "description": "Fen." },
                        "method": { "type": "string", "enum": ["public_tender", "invited_tender", "competitive_negotiation", "competitive_consultation", "single_source", "request_for_quotation"] },
                        "imports_wanted": { "type": "boolean", "default": false },
                        "planned_date": { "type": "string", "format": "date", "description": "Intended start (China date)." }
                    }
                },
                "NoticeInput": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["notice"],
                    "properties": {
                        "project": { "$ref": "#/components/schemas/Project" },
                        "lots": { "type": "array", "items": { "$ref": "#/components/schemas/Lot" } },
                        "notice": { "$ref": "#/components/schemas/Notice" },
                        "documents": { "$ref": "#/components/schemas/ProcurementDocuments" },
                        "deadline": { "type": "string", "description": "Bid / response deadline (instant)." },
                        "opening_at": { "type": "string", "description": "Bid opening (instant); bids are accepted after it." }
                    }
                },
                "BidsInput": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["bids"],
                    "properties": { "bids": { "type": "array", "minItems": 1, "items": { "$ref": "#/components/schemas/Bid" } } }
                },
                "EvaluationInput": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["report"],
                    "properties": {
                        "panel": { "$ref": "#/components/schemas/Panel" },
                        "score_sheets": { "type": "array", "items": { "$ref": "#/components/schemas/ScoreSheet" } },
                        "report": { "$ref": "#/components/schemas/EvaluationReport" }
                    }
                },
                "AwardInput": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["award"],
                    "properties": { "award": { "$ref": "#/components/schemas/Award" } }
                },
                "ContractInput": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["contract"],
                    "properties": { "contract": { "$ref": "#/components/schemas/Contract" } }
                },
                "PaymentInput": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["project_source", "project_id", "payment"],
                    "properties": {
                        "project_source": { "type": "string", "description": "The name of the trading system's key that sent the project." },
                        "project_id": { "type": "string", "description": "The trading system's project id." },
                        "payment": { "$ref": "#/components/schemas/Payment" }
                    }
                },
                "Project": model("Project", "The project; its `id` must be the path's project_id, its `purchaser_id` the purchaser's credit code or platform id (the jurisdiction is the purchaser's)."),
                "Lot": model("Lot", "A lot."),
                "Notice": model("Notice", "A notice; a notice `id` is accepted once."),
                "ProcurementDocuments": model("ProcurementDocuments", "The procurement documents."),
                "Bid": model("Bid", "A bid; a bid `id` is accepted once."),
                "Panel": model("Panel", "The evaluation panel."),
                "ScoreSheet": model("ScoreSheet", "One evaluator's scores."),
                "EvaluationReport": model("EvaluationReport", "An evaluation report; its `version` must be above the versions received for the lot."),
                "Award": model("Award", "An award; one per lot (or per project without lots)."),
                "Contract": model("Contract", "A contract; a contract `id` is accepted once."),
                "Payment": model("Payment", "A treasury payment; `amount` above zero.")
            }
        }
    })
}

/// The document as served and as snapshotted: pretty JSON with a final newline.
pub fn document_text() -> String {
    let mut text = serde_json::to_string_pretty(&document()).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}
