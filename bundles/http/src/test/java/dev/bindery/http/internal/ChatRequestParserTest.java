package dev.bindery.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bindery.api.assistant.AssistantRequest;
import dev.bindery.api.modality.Modality;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatRequestParserTest {
    private static final String PNG = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    private static final String WAV = Base64.getEncoder().encodeToString(new byte[] {'R', 'I', 'F', 'F'});

    private final ChatRequestParser parser =
            new ChatRequestParser(new ContentParts(new MediaSource(List.of(), false, 1 << 20)));

    private static JsonNode json(String text) throws Exception {
        return JsonShapes.JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void multimodalMessageBecomesWeightedInputsAndAnInstruction() throws Exception {
        ChatCall call = parser.parse(json("{'model':'tiny','stream':true,'stream_options':{'include_usage':true},"
                + "'messages':[{'role':'user','content':[{'type':'text','text':'What is the mood?'},"
                + "{'type':'image_url','image_url':{'url':'data:image/png;base64," + PNG + "'}},"
                + "{'type':'input_audio','input_audio':{'data':'" + WAV + "','format':'wav'},'weight':0.5},"
                + "{'type':'point_cloud','point_cloud':{'data':'" + WAV + "','format':'ply'},'weight':2}]}]}"));
        AssistantRequest r = call.request();
        assertEquals("What is the mood?", r.instruction());
        assertFalse(r.inputText().isPresent());
        assertEquals(3, r.inputs().size());
        assertEquals(Modality.IMAGE, r.inputs().get(0).input().modality());
        assertEquals("image/png", r.inputs().get(0).input().mediaType().orElseThrow());
        assertArrayEquals(Base64.getDecoder().decode(PNG), r.inputs().get(0).input().bytes().orElseThrow());
        assertEquals(1f, r.inputs().get(0).weight());
        assertEquals(Modality.AUDIO, r.inputs().get(1).input().modality());
        assertEquals(0.5f, r.inputs().get(1).weight());
        assertEquals(Modality.POINT, r.inputs().get(2).input().modality());
        assertEquals("ply", r.inputs().get(2).input().mediaType().orElseThrow());
        assertEquals(2f, r.inputs().get(2).weight());
        assertEquals("tiny", call.model());
        assertTrue(call.stream());
        assertTrue(call.includeUsage());
    }

    @Test
    void samplingAndBinderyOptionsAreRead() throws Exception {
        ChatCall call = parser.parse(json("{'messages':[{'role':'user','content':'hi'}],'temperature':0,"
                + "'top_p':0.5,'top_k':7,'seed':42,'max_tokens':9,'stop':'###','strategy':'cache-enhanced',"
                + "'cache_size':3,'cache_temperature':10.5,'cache_weight':0.25}"));
        AssistantRequest r = call.request();
        assertEquals(0f, r.sampling().temperature());
        assertEquals(0.5f, r.sampling().topP());
        assertEquals(7, r.sampling().topK());
        assertEquals(42L, r.sampling().seed());
        assertEquals(9, r.sampling().maxNewTokens());
        assertEquals(List.of("###"), r.sampling().stop());
        assertEquals("cache-enhanced", r.strategy().orElseThrow());
        assertEquals(Map.of("cache_size", "3", "cache_t", "10.5", "cache_weight", "0.25"), r.strategyOptions());
        assertFalse(call.stream());
    }

    @Test
    void systemMessageAndEarlierTurnsGoToTheInputSection() throws Exception {
        AssistantRequest r = parser.parse(json("{'messages':[{'role':'system','content':'Be brief.'},"
                + "{'role':'user','content':'Hello'},{'role':'assistant','content':'Hi!'},"
                + "{'role':'user','content':[{'type':'text','text':'And now?'}]}]}")).request();
        assertEquals("And now?", r.instruction());
        assertEquals("system: Be brief.\nuser: Hello\nassistant: Hi!", r.inputText().orElseThrow());
    }

    @Test
    void errorsNameTheParameter() throws Exception {
        ApiError type = assertThrows(ApiError.class, () -> parser.parse(json("{'messages':[{'role':'user',"
                + "'content':[{'type':'text','text':'x'},{'type':'file','file':{}}]}]}")));
        assertEquals("unsupported_content_type", type.code());
        assertEquals("messages[0].content[1].type", type.param());
        ApiError media = assertThrows(ApiError.class, () -> parser.parse(json("{'messages':[{'role':'user',"
                + "'content':[{'type':'text','text':'x'},{'type':'image_url','image_url':{'url':"
                + "'data:image/svg+xml;base64," + PNG + "'}}]}]}")));
        assertEquals("unsupported_media_type", media.code());
        assertEquals(400, media.status());
        ApiError audio = assertThrows(ApiError.class, () -> parser.parse(json("{'messages':[{'role':'user',"
                + "'content':[{'type':'text','text':'x'},{'type':'input_audio','input_audio':{'data':'" + WAV
                + "','format':'mp3'}}]}]}")));
        assertEquals("unsupported_audio_format", audio.code());
        assertEquals("messages[0].content[1].input_audio.format", audio.param());
        ApiError weight = assertThrows(ApiError.class, () -> parser.parse(json("{'messages':[{'role':'user',"
                + "'content':[{'type':'text','text':'x'},{'type':'input_audio','input_audio':{'data':'" + WAV
                + "'},'weight':-1}]}]}")));
        assertEquals("invalid_weight", weight.code());
        assertEquals("missing_messages", assertThrows(ApiError.class, () -> parser.parse(json("{}"))).code());
        assertEquals("unsupported_n", assertThrows(ApiError.class,
                () -> parser.parse(json("{'n':2,'messages':[{'role':'user','content':'x'}]}"))).code());
        assertEquals("invalid_sampling", assertThrows(ApiError.class,
                () -> parser.parse(json("{'top_p':2,'messages':[{'role':'user','content':'x'}]}"))).code());
        assertEquals("missing_text", assertThrows(ApiError.class, () -> parser.parse(json("{'messages':[{'role':"
                + "'user','content':[{'type':'image_url','image_url':{'url':'data:image/png;base64," + PNG
                + "'}}]}]}"))).code());
        assertEquals("invalid_content", assertThrows(ApiError.class, () -> parser.parse(json("{'messages':["
                + "{'role':'assistant','content':[{'type':'image_url','image_url':'data:image/png;base64," + PNG
                + "'}]},{'role':'user','content':'x'}]}"))).code());
    }
}
